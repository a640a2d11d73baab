"""Where uploaded media live: on disk by default, or in an S3-compatible bucket (AWS S3, MinIO,
Ceph, Scaleway, R2, …) through django-storages when the environment names one."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from newsroom.settings.env import env_bool, env_int, env_str


def media_storage_from_environment() -> dict | None:
    """Return the STORAGES["default"] entry for object storage, or None for files on disk.

    MEDIA_STORAGE_URL=s3://bucket/prefix (or AWS_STORAGE_BUCKET_NAME and AWS_LOCATION) names
    the bucket. AWS_S3_ENDPOINT_URL points at a non-AWS service; AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY (or the machine's role) authenticate. MEDIA_SIGNED_URLS=true serves
    every file through a signed address valid MEDIA_SIGNED_URL_SECONDS (for a private bucket);
    otherwise addresses are plain and the bucket (or AWS_S3_CUSTOM_DOMAIN, a CDN) must allow
    public reads.
    """
    url = env_str("MEDIA_STORAGE_URL")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    location = env_str("AWS_LOCATION")
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_URL must look like s3://bucket/optional/prefix, got {url!r}."
            )
        bucket, location = parts.netloc, parts.path.strip("/")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "location": location,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
        "querystring_auth": env_bool("MEDIA_SIGNED_URLS", False),
        "querystring_expire": env_int("MEDIA_SIGNED_URL_SECONDS", 3600),
        "signature_version": env_str("AWS_S3_SIGNATURE_VERSION") or "s3v4",
        # Uploads never replace one another: a second "photo.jpg" gets its own name.
        "file_overwrite": False,
        # Renditions and originals never change under one name, so caches may keep them.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        # Path-style addresses work with every S3-compatible server, local ones included.
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_origins(storage: dict | None) -> list[str]:
    """Return the origin(s) browsers fetch media from when they live in a bucket, for the
    Content-Security-Policy's img-src (empty for media served by the site itself)."""
    if not storage:
        return []
    options = storage["OPTIONS"]
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    endpoint = options.get("endpoint_url")
    if endpoint:
        parts = urlsplit(endpoint)
        # Path-style addresses use the endpoint's host; virtual-hosted ones a subdomain of it.
        return [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://*.{parts.netloc}"]
    return [f"https://{options['bucket_name']}.s3.amazonaws.com", "https://*.amazonaws.com"]
