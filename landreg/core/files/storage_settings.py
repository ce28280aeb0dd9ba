"""Where stored files go (documents, scans, photos from the field), from the environment.

By default on the server's disk under MEDIA_ROOT. ``LANDREG_STORAGE=s3`` keeps them in an S3-compatible
bucket (AWS S3, MinIO, Garage, Scaleway, OVH…) through django-storages (``pip install "landreg[s3]"``):

- ``LANDREG_S3_BUCKET`` (required), ``LANDREG_S3_ENDPOINT_URL`` (for anything but AWS), ``LANDREG_S3_REGION``;
- ``LANDREG_S3_ACCESS_KEY_ID`` and ``LANDREG_S3_SECRET_ACCESS_KEY`` (or boto3's own environment and
  instance roles when unset);
- ``LANDREG_S3_PREFIX``: a folder inside the bucket.

Objects are private and never overwritten; nothing links to the bucket: every file is read through a view
that checks the reader's permission, as on disk. Read here by settings.py; nothing is imported from
Django, so the settings can call it before Django is set up.
"""

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STATICFILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"


class StorageSettingsError(ValueError):
    """The environment names a storage this registry cannot use as given."""


def storages_from_env(environ) -> dict:
    """Django's STORAGES setting for this environment."""
    kind = environ.get("LANDREG_STORAGE", "filesystem").strip().lower() or "filesystem"
    if kind == "filesystem":
        return {"default": FILESYSTEM, "staticfiles": STATICFILES}
    if kind != "s3":
        raise StorageSettingsError(f"LANDREG_STORAGE is 'filesystem' or 's3', not {kind!r}")
    bucket = environ.get("LANDREG_S3_BUCKET", "").strip()
    if not bucket:
        raise StorageSettingsError("LANDREG_STORAGE=s3 needs LANDREG_S3_BUCKET")
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("LANDREG_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("LANDREG_S3_REGION") or None,
        "access_key": environ.get("LANDREG_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("LANDREG_S3_SECRET_ACCESS_KEY") or None,
        "location": environ.get("LANDREG_S3_PREFIX", "").strip("/"),
        "default_acl": "private",
        "querystring_auth": True,  # a URL, if one is ever made, expires
        "file_overwrite": False,  # two scans with the same name are two objects
    }
    return {"default": {"BACKEND": S3_BACKEND, "OPTIONS": options}, "staticfiles": STATICFILES}
