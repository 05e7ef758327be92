"""Simulation steps shared by the industry profiles."""
