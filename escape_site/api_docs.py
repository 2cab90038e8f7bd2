"""The API's documentation pages (Swagger UI and ReDoc) under the site's CSP.

Swagger UI uses drf-spectacular's split view: its start-up script is a
separate request, so the page needs no inline script. ReDoc renders its styles
as <style> elements at run time (styled-components), so its page alone gets a
per-request nonce, handed to ReDoc (its `nonce` option) and allowed for scripts
and styles on that page only. A nonce must never be reused, so the ReDoc page
is never cached; the site-wide policy keeps no 'unsafe-inline' and no nonce.
"""

from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


# The <style> elements ReDoc's bundle adds as it loads, before it knows the
# nonce, allowed by hash: perfect-scrollbar's CSS (drf-spectacular-sidecar
# 2026.10.1) and an empty sheet that styled-components fills through the CSSOM
# (not subject to CSP). tests/browser/test_csp.py fails if an upgrade changes them.
REDOC_BUNDLE_STYLE_HASHES = [
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # ""
]
REDOC_POLICY = {
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE, *REDOC_BUNDLE_STYLE_HASHES],
    # Its search index runs in a web worker started from a blob: URL.
    "worker-src": [SELF, "blob:"],
}


@method_decorator(never_cache, name="dispatch")
@method_decorator(csp_update(REDOC_POLICY), name="dispatch")
class RedocDocsView(SpectacularRedocView):
    template_name = "api/redoc.html"
