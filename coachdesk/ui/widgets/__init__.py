"""Small reusable widgets: validated fields, UK dates."""
