"""Background jobs (imports, print runs): what every job shares (start, heartbeat, failure, retry) and
where they wait (huey's queue, from the environment). The tasks stay in each app's tasks.py, where huey
finds them."""
