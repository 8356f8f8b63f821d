"""Controllers: what the main window's pages and menus do, kept apart from its layout."""
