"""Anonymous public pages from the cache, never stale, never for staff.

A page is kept under the content's current token
(`escape_site.content_version`): any change a visitor could see moves the
token, so the next request renders afresh. Kept: GET (and HEAD) of a page
under the site (not the API, whose viewsets cache their data after the
throttles run, nor the admin), by a visitor with no session and no
Authorization header, answered 200 with no cookie set and nothing in
Cache-Control that says private.

The middleware sits before sessions and authentication: a visitor without a
session cookie is anonymous by definition, so a hit is answered without
loading either (it costs one query, the content's version). Anyone with a
session (staff, or a visitor who has one) goes the whole way, uncached.

A page's Last-Modified is when the content last changed; its ETag (set by
ConditionalGetMiddleware) is the digest of its body, stored with it.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

from escape_site import content_version

UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
SKIPPED_HEADERS = {"set-cookie", "x-page-cache"}


def _is_cacheable_request(request) -> bool:
    path = request.path_info
    return (
        settings.PAGE_CACHE_SECONDS > 0
        # Inside a transaction (a test's) the page may show uncommitted rows.
        and not connection.in_atomic_block
        and not path.startswith(("/api/", "/" + settings.ADMIN_URL))
        and "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _is_cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page rendered a CSRF token: it belongs to this visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & UNCACHEABLE_DIRECTIVES


def _key(request) -> str:
    return content_version.cache_key(
        "page",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.headers.get("Accept", ""),
    )


def _from_cache(entry) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # A request that reads: the content's state is read once, if at all.
        with content_version.request_scope():
            if _is_cacheable_request(request):
                return self._cached(request)
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # What a signed-in user sees is theirs: no shared cache keeps it.
            patch_cache_control(response, private=True)
        return response

    def _cached(self, request):
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            return _from_cache(entry)
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            self._prepare(response, content_version.current_state())
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            entry = (response.status_code, headers, response.content)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _prepare(response, state) -> None:
        """Validators and caching rules, stored with the page: browsers and
        proxies may keep it but must ask again (a cheap 304) before reuse."""
        if state.changed_at is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(state.changed_at.timestamp())
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Cookie"])
