'use strict';
// Turns the article's tag select into a type-ahead that suggests existing tags and accepts new ones.
{
  const $ = django.jQuery;
  $(function () {
    $('select[data-tag-autocomplete-url]').each(function () {
      const $select = $(this);
      $select.select2({
        tags: true,
        tokenSeparators: [','],
        width: 'style',
        ajax: {
          url: $select.data('tagAutocompleteUrl'),
          dataType: 'json',
          delay: 200,
          data: (params) => ({ term: params.term || '' }),
        },
      });
    });
  });
}
