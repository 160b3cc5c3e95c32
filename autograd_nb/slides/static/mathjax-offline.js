/* MathJax 2 for a deck opened with no network (autograd_nb slides).
 * MathJax loads its components with <script src> and its fonts with @font-face while it typesets. Here they
 * come from the two tables below (filled in when the deck is built): a component becomes an inline script,
 * a font a data: URL. A file missing from the tables is reported on the console. */
(function () {
  var ROOT = "@ROOT@";
  var SOURCES = {/*@SOURCES@*/};
  var FONTS = {/*@FONTS@*/};

  function key(url) {
    url = url.replace(/\?.*$/, "");
    return url.indexOf(ROOT + "/") === 0 ? url.slice(ROOT.length + 1) : url;
  }

  function serveScripts(ajax) {
    var load = ajax.loader.JS;
    ajax.loader.JS = function (file, callback) {
      var source = SOURCES[key(file)];
      if (source === undefined) {
        console.error("autograd_nb slides: MathJax file not in the deck: " + file);
        return load.call(this, file, callback);
      }
      var script = document.createElement("script");
      this.loading[file] = {
        callback: callback,
        timeout: setTimeout(MathJax.Callback(["loadTimeout", this, file]), this.timeout),
        status: this.STATUS.OK,
        script: script,
        message: MathJax.Message.File(this.fileName(file))
      };
      script.text = source;  // runs now and calls MathJax.Ajax.loadComplete(file) itself
      this.head.appendChild(script);
    };
  }

  function serveFonts() {
    var font = MathJax.OutputJax["HTML-CSS"].Font;
    var fontFace = font.fontFace;
    font.fontFace = function () {
      var face = fontFace.apply(this, arguments);
      var urls = face.src.match(/url\('[^']*'\)/g) || [];
      for (var i = 0; i < urls.length; i++) {
        var data = FONTS[key(urls[i].slice(5, -2)).replace(/\.otf$/, ".woff")];
        if (data !== undefined) {
          face.src = "url('data:font/woff;base64," + data + "') format('woff')";
          return face;
        }
      }
      console.error("autograd_nb slides: MathJax font not in the deck: " + face.src);
      return face;
    };
  }

  // The combined config also preloads the NativeMML output, which the deck never uses but which still starts
  // and installs its stylesheet: [mathvariant="double-struck"], "script", "fraktur" and \mathcal's class get
  // @font-face rules for MathJax's TeX fonts (fonts/HTML-CSS/TeX/otf), which the package does not ship. The
  // hidden MathML copy that AssistiveMML puts beside each formula for screen readers matches those rules,
  // so a formula such as $\mathbb{R}^n$ made the browser ask for MathJax_AMS-Regular.otf. Without the
  // @font-face rules that copy uses the browser's own math font; what is shown is HTML-CSS with STIX-Web.
  function dropNativeFonts() {
    var styles = MathJax.OutputJax.NativeMML.config.styles;
    for (var rule in styles) {
      if (rule.indexOf("@font-face") === 0) delete styles[rule];
    }
  }

  window.MathJax = {
    root: ROOT,
    config: ["TeX-AMS-MML_HTMLorMML-full.js"],
    MMLorHTML: {prefer: "HTML"},  // one look in every browser: HTML-CSS with the STIX-Web fonts
    skipStartupTypeset: true,  // the deck typesets once reveal.js has laid out the slides
    messageStyle: "none",
    showMathMenu: false,
    tex2jax: {
      inlineMath: [["$", "$"], ["\\(", "\\)"]],
      displayMath: [["$$", "$$"], ["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
      // Speaker notes keep their TeX source: the speaker view is another window, without MathJax's fonts.
      ignoreClass: "tex2jax_ignore|notes"
    },
    TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
    "HTML-CSS": {
      availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null,
      // MathJax measures fonts against an empty one loaded from about:blank, which a file:// page may not load
      styles: {"@font-face": {"font-family": "MathJax_Blank", src: "local('MathJax_Blank')"}}
    },
    AuthorInit: function () {
      serveScripts(MathJax.Ajax);
      MathJax.Hub.Register.StartupHook("HTML-CSS Jax Ready", serveFonts);
      MathJax.Hub.Register.StartupHook("NativeMML Jax Startup", dropNativeFonts);
    }
  };
})();
