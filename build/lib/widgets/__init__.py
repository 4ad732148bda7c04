"""Interactive widgets and the plain-Python models behind them for the spasm course."""
