from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout, for logins that come over the network.

    authenticate() without a request (the test client's login(), a management command) has no address to
    count failures for, and Axes would raise instead of letting the next backend answer.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
