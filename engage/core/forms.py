from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form rendering, with an error summary that screen readers announce.

    Every form rendered with ``{{ form }}`` gets it; see templates/forms/div.html.
    """

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
