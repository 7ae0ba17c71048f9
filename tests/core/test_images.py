"""Uploaded pictures: checked by content, re-encoded without metadata, upright."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from engage.core.images import CleanImage, ImageUploadField, clean_image

MAX_BYTES = 1024 * 1024
RED = (200, 30, 30)


def image_file(name="photo.jpg", *, size=(40, 30), fmt="JPEG", mode="RGB", exif=None):
    buffer = io.BytesIO()
    image = Image.new(mode, size, RED if mode == "RGB" else (*RED, 128))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 57.0, 0.0), 3: "W", 4: (75.0, 9.0, 0.0)}  # GPS
    if orientation:
        exif[0x0112] = orientation
    return exif


def opened(clean):
    return Image.open(io.BytesIO(clean.content))


def refusal(upload, **kwargs):
    with pytest.raises(ValidationError) as caught:
        clean_image(upload, max_bytes=kwargs.pop("max_bytes", MAX_BYTES), **kwargs)
    (error,) = caught.value.error_list
    return error


def test_exif_and_gps_are_dropped():
    upload = image_file(exif=gps_exif())
    assert Image.open(io.BytesIO(upload.read())).getexif()  # the test photo has EXIF

    clean = clean_image(upload, max_bytes=MAX_BYTES)

    stored = opened(clean)
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"SpyCam" not in clean.content
    assert (clean.extension, clean.width, clean.height) == ("jpg", 40, 30)


def test_the_pixels_are_kept():
    clean = clean_image(image_file(), max_bytes=MAX_BYTES)

    red, green, blue = opened(clean).convert("RGB").getpixel((20, 15))
    assert abs(red - RED[0]) < 8 and abs(green - RED[1]) < 8 and abs(blue - RED[2]) < 8


def test_a_sideways_photo_is_turned_upright():
    upload = image_file(size=(40, 20), exif=gps_exif(orientation=6))

    clean = clean_image(upload, max_bytes=MAX_BYTES)

    assert (clean.width, clean.height) == (20, 40)
    assert opened(clean).size == (20, 40)


def test_png_transparency_is_kept():
    clean = clean_image(image_file("logo.png", fmt="PNG", mode="RGBA"), max_bytes=MAX_BYTES)

    stored = opened(clean)
    assert clean.extension == "png"
    assert stored.format == "PNG"
    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 128


def test_webp_is_accepted_and_stored_as_jpeg():
    clean = clean_image(image_file("pic.webp", fmt="WEBP"), max_bytes=MAX_BYTES)

    assert opened(clean).format == "JPEG"


def test_a_heic_photo_is_stored_as_jpeg():
    pytest.importorskip("pillow_heif")

    clean = clean_image(image_file("IMG_0001.HEIC", fmt="HEIF"), max_bytes=MAX_BYTES)

    assert (clean.extension, clean.width, clean.height) == ("jpg", 40, 30)


def test_a_text_file_named_like_an_image_is_refused():
    fake = SimpleUploadedFile("holiday.jpg", b"not a picture at all", content_type="image/jpeg")

    error = refusal(fake)

    assert error.code == "not_an_image"
    assert error.message == (
        "“holiday.jpg”: this is not an image we can read. Please choose a JPEG, PNG or WebP image."
    )


def test_a_truncated_image_is_refused():
    data = image_file().read()
    broken = SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")

    assert refusal(broken).code == "not_an_image"


def test_a_gif_is_refused():
    assert refusal(image_file("anim.gif", fmt="GIF")).code == "not_an_image"


def test_a_file_that_is_too_big_is_refused():
    error = refusal(image_file(size=(300, 300)), max_bytes=200)

    assert error.code == "file_too_big"
    assert error.message.startswith("“photo.jpg”: the file is ")
    assert error.message.endswith("; images can be at most 200\xa0bytes.")


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("engage.core.images.MAX_PIXELS", 100)

    error = refusal(image_file(size=(20, 20)))

    assert error.code == "too_many_pixels"
    assert error.message == "“photo.jpg”: the picture is too large."


def test_an_image_wider_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr("engage.core.images.MAX_SIDE", 30)

    assert refusal(image_file(size=(40, 10))).code == "too_many_pixels"


def test_large_images_are_scaled_down(monkeypatch):
    monkeypatch.setattr("engage.core.images.STORED_MAX_SIDE", 20)

    clean = clean_image(image_file(size=(40, 30)), max_bytes=MAX_BYTES)

    assert (clean.width, clean.height) == (20, 15)


def test_messages_can_be_worded_by_the_caller():
    error = refusal(
        SimpleUploadedFile("x.jpg", b"nope"),
        messages={"not_an_image": "this is not a drawing."},
    )

    assert error.message == "“x.jpg”: this is not a drawing."


def test_the_content_file_has_a_random_name():
    clean = clean_image(image_file("my-house-at-12-elm-street.jpg"), max_bytes=MAX_BYTES)

    first, second = clean.to_content_file(), clean.to_content_file()

    assert first.name.endswith(".jpg")
    assert "elm" not in first.name
    assert first.name != second.name
    assert first.read() == clean.content


# The form field


class PictureForm(forms.Form):
    picture = ImageUploadField(max_bytes=MAX_BYTES)
    other = ImageUploadField(max_bytes=MAX_BYTES, required=False)


def test_the_field_cleans_to_a_clean_image():
    form = PictureForm(data={}, files={"picture": image_file(exif=gps_exif())})

    assert form.is_valid(), form.errors
    picture = form.cleaned_data["picture"]
    assert isinstance(picture, CleanImage)
    assert not opened(picture).getexif()
    assert form.cleaned_data["other"] is None


def test_the_field_refuses_what_is_not_an_image():
    fake = SimpleUploadedFile("notes.jpg", b"plain text", content_type="image/jpeg")

    form = PictureForm(data={}, files={"picture": fake})

    assert not form.is_valid()
    assert form.errors["picture"] == [
        "“notes.jpg”: this is not an image we can read. Please choose a JPEG, PNG or WebP image."
    ]


def test_the_field_is_required_like_any_field():
    form = PictureForm(data={}, files={})

    assert not form.is_valid()
    assert form.errors.as_data()["picture"][0].code == "required"


def test_the_field_tells_the_browser_which_files_to_offer():
    html = str(PictureForm()["picture"])

    assert 'type="file"' in html
    assert 'accept="image/jpeg,image/png,image/webp' in html
