"""The Slack app's services and wiring: settings-built services, HTTP server, Web API client."""
