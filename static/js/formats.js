// Numbers in the page's language (<html lang>, set by Django): 4.67 and "12.5 %" in English,
// 4,67 and "12,5 %" in Norwegian. Loaded by base.html after the JavaScript catalog and before every
// page script; charts also set Chart.defaults.locale so their own ticks and tooltips follow.
(function () {
  "use strict";

  const locale = document.documentElement.lang || "en";
  const formatters = new Map();

  function formatter(places) {
    const key = places === undefined ? "any" : places;
    if (!formatters.has(key)) {
      const digits =
        places === undefined ? {} : { minimumFractionDigits: places, maximumFractionDigits: places };
      formatters.set(key, new Intl.NumberFormat(locale, digits));
    }
    return formatters.get(key);
  }

  // A missing value is an en dash, as on the pages.
  function number(value, places) {
    return value === null || value === undefined ? "\u2013" : formatter(places).format(value);
  }

  // "12.5 %" and "12,5 %": both languages put a space before the sign, as the pages do.
  function percent(value, places) {
    return value === null || value === undefined ? "\u2013" : `${number(value, places)} %`;
  }

  window.ipswebFormat = { locale, number, percent };
})();
