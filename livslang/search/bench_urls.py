"""URLs of `make bench`'s own server (LIVSLANG_BENCH_TWIN=1): every URL of the product, plus the
search page's fixed-data twin (see bench_views.py). Never the URLs of any other configuration."""

from django.urls import path

from livslang.search import bench_views
from livslang.urls import handler400, handler403, handler404, handler500
from livslang.urls import urlpatterns as product_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("search/bench-twin/", bench_views.twin, name="search_bench_twin"),
    *product_urlpatterns,
]
