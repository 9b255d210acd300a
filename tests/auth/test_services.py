"""Account rules: phone format, password strength, registration and sign-in."""

import pytest
from flask_babel import force_locale

from portal.auth.services import (
    authenticate,
    is_valid_phone,
    normalize_phone,
    password_problem,
    register_user,
)
from portal.errors import DomainError


@pytest.mark.parametrize("raw", ["13812345678", "138 1234 5678", "+8613812345678", "138-1234-5678"])
def test_mainland_numbers_are_normalised_and_accepted(raw):
    assert is_valid_phone(normalize_phone(raw))


@pytest.mark.parametrize(
    "raw", ["", "12812345678", "1381234567", "138123456789", "abcdefghijk", "0371-1234567"]
)
def test_other_numbers_are_refused(raw):
    assert not is_valid_phone(normalize_phone(raw))


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short1a", False),
        ("allletters", False),
        ("1234567890", False),
        ("mei4hua8jie", True),
        ("x13812345678", False),
    ],
)
def test_password_strength(app, password, ok):
    with app.app_context(), force_locale("en"):
        assert (password_problem(password, "13812345678") is None) is ok


def test_passwords_are_hashed_with_a_modern_scheme(db):
    user = register_user("13812345678", "张三", "mei4hua8jie")
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert "mei4hua8jie" not in user.password_hash


def test_a_phone_number_registers_once(db):
    register_user("13812345678", "张三", "mei4hua8jie")
    with pytest.raises(DomainError):
        register_user("138 1234 5678", "李四", "mei4hua8jie")


def test_authenticate(db):
    register_user("13812345678", "张三", "mei4hua8jie")
    db.session.commit()  # the stored hash is read in a transaction of its own
    assert authenticate("13812345678", "mei4hua8jie").name == "张三"
    assert authenticate("13812345678", "wrong4pass") is None
    assert authenticate("13900000000", "mei4hua8jie") is None


def test_the_password_is_checked_outside_any_transaction(db, monkeypatch):
    """The hash takes ~0.1 s; no transaction (nor SQLite's write lock) may be held meanwhile."""
    from portal.auth import services

    register_user("13812345678", "张三", "mei4hua8jie")
    db.session.commit()
    during_hash = []
    check = services.check_password_hash

    def watched(stored, password):
        during_hash.append(db.session().in_transaction())
        return check(stored, password)

    monkeypatch.setattr(services, "check_password_hash", watched)
    assert authenticate("13812345678", "mei4hua8jie").name == "张三"
    db.session.rollback()  # as at the end of a request
    assert authenticate("13812345678", "wrong4pass") is None
    assert during_hash == [False, False]


@pytest.mark.parametrize(
    "password", ["password1", "aaaaaaa1", "12345678", "qwerty123", "abc12345", "Password123"]
)
def test_very_common_passwords_are_refused_with_an_example(app, password):
    with app.app_context(), force_locale("zh_Hans_CN"):
        problem = password_problem(password, "13812345678", "张三")
        assert problem is not None and "例如三个不相关的词加数字" in str(problem)


def test_passwords_made_of_the_phone_number_or_name_are_refused(app):
    with app.app_context(), force_locale("en"):
        assert password_problem("my13812345678", "13812345678") is not None
        assert password_problem("zhangsan1958", "13812345678", "zhangsan") is not None


@pytest.mark.parametrize(
    "password", ["plum blossom lane 42", "meihua jie 2hao lou", "xiaomao3chi5yu", "2lou3danyuan101"]
)
def test_easy_to_type_but_hard_to_guess_passwords_are_accepted(app, password):
    """No symbol rules, and no letters-and-digits rule: zxcvbn judges how guessable it is."""
    with app.app_context():
        assert password_problem(password, "13812345678", "张三") is None
