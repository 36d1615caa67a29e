// Numbers in the page's language (<html lang>, set by Django): 4.67 and "12.5 %" in English,
// 4,67 and "12,5 %" in Norwegian. Loaded by base.html after the JavaScript catalog (gettext) and
// before every page script; charts also set Chart.defaults.locale so their own ticks follow.
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

  function percent(value, places) {
    if (value === null || value === undefined) {
      return "\u2013";
    }
    return interpolate(gettext("%(number)s %%"), { number: number(value, places) }, true);
  }

  window.ipswebFormat = { locale, number, percent };
})();
