from django.urls import path

from backend.authentication import account_apis, cookie_jwt_apis, jwt_apis, me_api, session_apis

urlpatterns = [
    path("session/csrf/", session_apis.SessionCsrfApi.as_view(), name="session-csrf"),
    path("session/login/", session_apis.SessionLoginApi.as_view(), name="session-login"),
    path("session/logout/", session_apis.SessionLogoutApi.as_view(), name="session-logout"),
    path("jwt/token/", jwt_apis.JwtTokenApi.as_view(), name="jwt-token"),
    path("jwt/refresh/", jwt_apis.JwtRefreshApi.as_view(), name="jwt-refresh"),
    path("jwt/verify/", jwt_apis.JwtVerifyApi.as_view(), name="jwt-verify"),
    path("jwt/logout/", jwt_apis.JwtLogoutApi.as_view(), name="jwt-logout"),
    # Under cookie_jwt.REFRESH_COOKIE_PATH: the refresh cookie is sent to these three only.
    path("cookie-jwt/login/", cookie_jwt_apis.CookieJwtLoginApi.as_view(), name="cookie-jwt-login"),
    path(
        "cookie-jwt/refresh/",
        cookie_jwt_apis.CookieJwtRefreshApi.as_view(),
        name="cookie-jwt-refresh",
    ),
    path(
        "cookie-jwt/logout/", cookie_jwt_apis.CookieJwtLogoutApi.as_view(), name="cookie-jwt-logout"
    ),
    path("me/", me_api.MeApi.as_view(), name="me"),
    path("password/", account_apis.PasswordChangeApi.as_view(), name="password-change"),
    path("logout-all/", account_apis.LogoutAllApi.as_view(), name="logout-all"),
]
