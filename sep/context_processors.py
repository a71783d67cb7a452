def reader_page(request):
    """On a page rendered once for every signed-in reader (drafts.caching.ReaderPage), the CSRF
    token and the reader's e-mail are markers that each reader's own values replace."""
    page = getattr(request, "reader_page", None)
    if page is None:
        return {}
    return {"csrf_token": page.marker("csrf"), "reader_email": page.marker("email")}
