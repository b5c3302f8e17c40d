"""The campaign manager's pages; ui/manager/window.build_pages lists them."""
