"""Models arrive with their issue; see ../shared/DESIGN.md for what this app will own."""
