"""Rich rendering and key input for the terminal screens."""
