"""Side effects of the brand app, one module per area; each function checks permission first."""
