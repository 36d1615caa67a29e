from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=2&page_size=500``: 100 entries a page by default, at most 1,000."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
