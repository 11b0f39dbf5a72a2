"""Storage for files that must never have a public URL (tip and report photos)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT; only views that check permissions stream them.

    Files are written 0600 and folders 0700 (settings.PRIVATE_FILE_PERMISSIONS and
    PRIVATE_DIRECTORY_PERMISSIONS): only the portal's own user can read a tip's photo.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def file_permissions_mode(self):
        return settings.PRIVATE_FILE_PERMISSIONS

    @property
    def directory_permissions_mode(self):
        return settings.PRIVATE_DIRECTORY_PERMISSIONS

    def _save(self, name, content):
        name = super()._save(name, content)  # type: ignore[misc]
        self._close_folders(os.path.dirname(self.path(name)))
        return name

    def _close_folders(self, folder: str) -> None:
        """Folders made before these modes (or by hand) are closed too, up to the root."""
        while True:
            if os.stat(folder).st_mode & 0o777 != self.directory_permissions_mode:
                os.chmod(folder, self.directory_permissions_mode)
            if os.path.samefile(folder, self.location) or folder == os.path.dirname(folder):
                return
            folder = os.path.dirname(folder)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a checked view.")


def close_private_tree(root) -> None:
    """Files 0600 and folders 0700 under root (after a restore from an older backup)."""
    os.chmod(root, settings.PRIVATE_DIRECTORY_PERMISSIONS)
    for folder, folders, files in os.walk(root):
        for name in folders:
            os.chmod(os.path.join(folder, name), settings.PRIVATE_DIRECTORY_PERMISSIONS)
        for name in files:
            os.chmod(os.path.join(folder, name), settings.PRIVATE_FILE_PERMISSIONS)


private_storage = PrivateStorage()
