// The browser code's linter: the recommended rules, browser globals for static/src, node's
// for the unit tests in static/test. CommonJS, as the repo's package.json has no "type".
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  { ignores: ["static/dist/**", "node_modules/**", ".venv/**"] },
  js.configs.recommended,
  {
    files: ["static/src/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
  },
  {
    files: ["static/test/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
  {
    files: ["eslint.config.js", "bench/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: globals.node },
  },
];
