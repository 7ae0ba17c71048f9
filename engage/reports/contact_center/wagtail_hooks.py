"""Registered by engage.reports.wagtail_hooks (Wagtail loads only the app's own module)."""
