"""Factories for reports, shared by every test module about reports.

    category = CategoryFactory(code="pothole", name="Pothole", target_days=7)
    add_attribute(category, "size", datatype="number", required=True)
    report = ReportFactory(category=category, lat=40.005, lng=-74.995, filed_by=user)

``ReportFactory`` goes through ``services.file_report``, so a report has its neighborhood,
department, due date, first history entry and (with ``filed_by``) its follower, exactly
as a filed one. To close it, use ``services.change_status``.
"""

import factory
from wagtail.models import Locale

from engage.reports import services
from engage.reports.models import Department, ServiceAttribute, ServiceCategory, ServiceReport

# Inside the first neighborhood NeighborhoodFactory makes (a 0.01° square at -75.0, 40.0).
INSIDE_LAT, INSIDE_LNG = 40.005, -74.995


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    department = factory.SubFactory(DepartmentFactory)
    target_days = 7
    active = True
    locale = factory.LazyFunction(Locale.get_default)


def add_attribute(
    category, code, *, datatype="string", required=False, description=None, values=None, hint=""
):
    """Add an extra question; ``values`` for lists: [("key", "Name"), …] or Open311 dicts."""
    values = [v if isinstance(v, dict) else {"key": v[0], "name": v[1]} for v in (values or [])]
    return ServiceAttribute.objects.create(
        category=category,
        code=code,
        description=description or code.replace("_", " ").capitalize(),
        datatype=datatype,
        required=required,
        datatype_description=hint,
        values=values,
    )


def translate_category(category, language_code="es", **fields):
    """The category's translation into another locale (its questions are copied too)."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translation = category.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceReport

    category = factory.SubFactory(CategoryFactory)
    description = "The streetlight on the corner is out."
    lat = INSIDE_LAT
    lng = INSIDE_LNG
    filed_by = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.file_report(**kwargs)
