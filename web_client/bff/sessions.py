"""The browser's side of a BFF session: the `lab_bff` cookie and the store it names."""

from django.utils.module_loading import import_string

from web_client.bff import conf


def session_for(request):
    """The BFF session the request's cookie names (empty if none or unknown)."""
    store_class = import_string(f"{conf.session_engine()}.SessionStore")
    return store_class(request.COOKIES.get(conf.cookie_name()))


def sent_cookie(request) -> bool:
    return conf.cookie_name() in request.COOKIES


def set_cookie(response, store) -> None:
    # No Max-Age: the browser keeps it for its session; the server decides how long it is
    # worth anything (the session ends with its refresh token). Secure over https only: over
    # plain http Chromium would keep a Secure one on *.localhost, other clients not.
    response.set_cookie(
        conf.cookie_name(), store.session_key, path=conf.cookie_path(), httponly=True,
        samesite=conf.COOKIE_SAMESITE, secure=conf.https(),
    )  # fmt: skip


def delete_cookie(response) -> None:
    # Django's delete_cookie marks a `__Host-` cookie's deletion Secure by itself.
    response.delete_cookie(
        conf.cookie_name(), path=conf.cookie_path(), samesite=conf.COOKIE_SAMESITE
    )
