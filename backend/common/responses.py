"""Small response helpers shared by the APIs."""

from django.utils.cache import add_never_cache_headers


def no_store(response):
    """Mark a response that carries credentials as never to be cached (`no-store`)."""
    add_never_cache_headers(response)
    return response
