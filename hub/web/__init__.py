"""The caseworker web UI: server-rendered Swedish pages."""
