"""Shared fixtures for supportflow's own tests (profiles live in the root conftest)."""
