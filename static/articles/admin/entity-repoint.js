'use strict';
// The "In this piece" panel's re-point box: typing part of a name suggests registry entities
// (Django admin's autocomplete, with its permission checks), and the one picked is sent by id, so
// namesakes cannot be confused. Without JavaScript the box takes a typed name instead.
{
  const $ = django.jQuery;
  $(function () {
    document.querySelectorAll('input[data-entity-autocomplete-url]').forEach((input) => {
      const source = input.dataset;
      const select = document.createElement('select');
      select.id = input.id;
      select.name = 'replacement_id';
      select.append(new Option('', ''));
      input.replaceWith(select);
      $(select).select2({
        theme: 'admin-autocomplete',
        width: '20em',
        placeholder: input.placeholder,
        allowClear: true,
        minimumInputLength: 1,
        ajax: {
          url: source.entityAutocompleteUrl,
          dataType: 'json',
          delay: 250,
          cache: true,
          data: (params) => ({
            term: params.term || '',
            page: params.page,
            app_label: source.appLabel,
            model_name: source.modelName,
            field_name: source.fieldName,
          }),
        },
      });
    });
  });
}
