"""SMS and email go through the configured senders."""

from flask import current_app

from portal.messaging import LogSmsSender, send_email, send_sms, sms_sender


def test_the_log_backend_keeps_and_logs_text_messages(app, caplog):
    with app.app_context(), caplog.at_level("INFO"):
        send_sms("13900000005", "您的验证码是 123456")
        assert isinstance(sms_sender(), LogSmsSender)
        assert ("13900000005", "您的验证码是 123456") in sms_sender().sent
    assert "您的验证码是 123456" in caplog.text


def test_email_goes_through_flask_mailman(app):
    with app.app_context():
        mailman = current_app.extensions["mailman"]
        mailman.outbox = []
        send_email("owner@example.com", "会议公告", "请查看公告栏。")
        assert [(m.to, m.subject, m.body) for m in mailman.outbox] == [
            (["owner@example.com"], "会议公告", "请查看公告栏。")
        ]
