"""The accessibility audit: the portal in real Chromium, checked with axe-core and by keyboard."""
