"""A storage like an S3 bucket for tests: files kept away from this disk, with no local path."""

import os

from django.core.files.storage import InMemoryStorage


class BucketLikeStorage(InMemoryStorage):
    """Files kept away from this disk, as in an S3 bucket: no local path (S3Storage keeps Storage.path's
    NotImplementedError; InMemoryStorage names one under MEDIA_ROOT where nothing is written)."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):  # InMemoryStorage finds its files through its own path()
        return os.path.relpath(InMemoryStorage.path(self, name), self.location)
