"""Campaign print runs: asked for or asked again (queue), printed by the worker (run)."""
