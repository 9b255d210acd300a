"""Pages of the forum: a compound's topics, a topic with its replies, writing, support,
editing, reports, moderation (hide, dismiss, review) and "taken up"."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import (
    can_edit_post,
    can_moderate_forum,
    can_moderate_post,
    can_open_moderation,
    can_read_forum,
    can_read_post,
    can_request_review,
    can_take_up,
    can_view_forum_photo,
    requires,
)
from portal.columns import utcnow
from portal.forms import EmptyForm, page_number, render_form
from portal.forum import bp, rules, services
from portal.forum.forms import EditForm, ReasonForm, ReplyForm, TakeUpForm, TopicForm
from portal.forum.models import CATEGORY_LABELS, ForumCategory, ForumPhoto, ForumPost
from portal.places.models import Compound
from portal.translation import shown_labels
from portal.unit_of_work import carry_out, refusal_shown_on
from portal.uploads import send_upload


def labels() -> dict:
    """What the forum's pages show labels with (translated once per page: lists show them per row)."""
    return {"category_labels": shown_labels(CATEGORY_LABELS), "rules": rules}


def _to_post(post: ForumPost):
    return redirect(url_for("forum.topic", post_id=post.thread_id) + f"#post-{post.id}")


@bp.get("/compounds/<int:compound_id>")
@requires(can_read_forum, compound=Compound)
def index(compound: Compound):
    try:
        category = ForumCategory(request.args["category"]) if request.args.get("category") else None
    except ValueError:
        abort(404)
    moderator = can_moderate_forum(current_user, compound)
    topics = services.topics_page(
        compound,
        current_user,
        moderator=moderator,
        category=category,
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "forum/index.html",
        compound=compound,
        topics=topics,
        category=category,
        moderator=moderator,
        supported=services.supported_by(current_user, [t.id for t in topics.items]),
        **labels(),
    )


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_read_forum, compound=Compound)
def new_topic(compound: Compound):
    form = TopicForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            topic = services.create_topic(
                compound,
                author=current_user,
                category=ForumCategory(form.category.data),
                title=form.title.data,
                body=form.body.data,
                photos=form.photos.files(),
            )
            flash(_("Your topic is posted."), "success")
            return _to_post(topic)
    return render_form("forum/new_topic.html", form, compound=compound, **labels())


@bp.route("/topics/<int:post_id>", methods=["GET", "POST"])
@requires(can_read_post, post=ForumPost)
def topic(post: ForumPost):
    """A topic and its replies; POST adds a reply."""
    if not post.is_topic:
        return _to_post(post)
    form = ReplyForm()
    if request.method == "POST" and form.validate_on_submit():
        with refusal_shown_on(form):
            reply = services.reply_to(
                post, author=current_user, body=form.body.data, photos=form.photos.files()
            )
            return _to_post(reply)
    topic_card, replies = services.thread_of(post)
    return render_form(
        "forum/topic.html",
        form,
        topic=post,
        topic_card=topic_card,
        compound=post.compound,
        replies=replies,
        supported=services.supported_by(current_user, [post.id]),
        moderator=can_moderate_forum(current_user, post.compound),
        committee=can_take_up(current_user, post),
        now=utcnow(),
        **labels(),
    )


@bp.post("/topics/<int:post_id>/support")
@requires(can_read_post, post=ForumPost)
def support(post: ForumPost):
    if EmptyForm().validate_on_submit():
        carry_out(lambda: services.support(post, current_user), _("Thank you for your support."))
    return _to_post(post)


@bp.post("/topics/<int:post_id>/support/withdraw")
@requires(can_read_post, post=ForumPost)
def withdraw_support(post: ForumPost):
    if EmptyForm().validate_on_submit():
        carry_out(lambda: services.withdraw_support(post, current_user), _("Your support is withdrawn."))
    return _to_post(post)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@requires(can_edit_post, post=ForumPost)
def edit(post: ForumPost):
    form = EditForm(obj=post)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.edit_post(post, author=current_user, title=form.title.data, body=form.body.data)
            flash(_("Your post is changed."), "success")
            return _to_post(post)
    return render_form("forum/edit.html", form, post=post, compound=post.compound, **labels())


def _reason_page(post: ForumPost, template: str, action, success: str):
    form = ReasonForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            action(form.reason.data)
            flash(success, "success")
            return _to_post(post)
    return render_form(template, form, post=post, compound=post.compound, **labels())


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@requires(can_read_post, post=ForumPost)
def report(post: ForumPost):
    return _reason_page(
        post,
        "forum/report.html",
        lambda reason: services.report_post(post, reporter=current_user, reason=reason),
        _("Thank you: the moderators will look at it."),
    )


@bp.route("/posts/<int:post_id>/hide", methods=["GET", "POST"])
@requires(can_moderate_post, post=ForumPost)
def hide(post: ForumPost):
    return _reason_page(
        post,
        "forum/hide.html",
        lambda reason: services.hide_post(post, moderator=current_user, reason=reason),
        _("The post is hidden and its author is told why."),
    )


@bp.route("/posts/<int:post_id>/review", methods=["GET", "POST"])
@requires(can_request_review, post=ForumPost)
def review(post: ForumPost):
    return _reason_page(
        post,
        "forum/review.html",
        lambda note: services.request_review(post, author=current_user, note=note),
        _("You asked for a review. The moderators will decide."),
    )


@bp.post("/posts/<int:post_id>/decide")
@requires(can_moderate_post, post=ForumPost)
def decide(post: ForumPost):
    restore = request.form.get("restore") == "1"
    if EmptyForm().validate_on_submit():
        carry_out(
            lambda: services.decide_review(post, moderator=current_user, restore=restore),
            _("The post is shown again.") if restore else _("The post stays hidden."),
        )
    return redirect(url_for("forum.moderation", compound_id=post.compound_id))


@bp.post("/posts/<int:post_id>/dismiss")
@requires(can_moderate_post, post=ForumPost)
def dismiss(post: ForumPost):
    if EmptyForm().validate_on_submit():
        carry_out(
            lambda: services.dismiss_reports(post, moderator=current_user), _("The reports are closed.")
        )
    return redirect(url_for("forum.moderation", compound_id=post.compound_id))


@bp.route("/topics/<int:post_id>/take-up", methods=["GET", "POST"])
@requires(can_take_up, post=ForumPost)
def take_up(post: ForumPost):
    form = TakeUpForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.take_up(post, member=current_user, link=form.link.data, note=form.note.data or "")
            flash(_("The topic is marked as taken up."), "success")
            return _to_post(post)
    return render_form("forum/take_up.html", form, post=post, compound=post.compound, **labels())


@bp.get("/compounds/<int:compound_id>/moderation")
@requires(can_open_moderation, compound=Compound)
def moderation(compound: Compound):
    reported, reviews = services.moderation_queue(compound)
    return render_template(
        "forum/moderation.html",
        compound=compound,
        reported=reported,
        reviews=reviews,
        action_form=EmptyForm(),
        **labels(),
    )


@bp.get("/photos/<int:photo_id>")
@requires(can_view_forum_photo, photo=ForumPhoto)
def photo(photo: ForumPhoto):
    return send_upload(photo.upload, inline=True)
