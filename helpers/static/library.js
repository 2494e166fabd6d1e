/* The explorer's library widget (helpers/widgets.py, Library): one per kernel. Python puts plotly.min.js (from the
   installed plotly package: works offline) and engine.js before this text, so that their code runs once when the
   front end creates the widget and leaves globalThis.Plotly and globalThis.claimsEngine; each chart widget refers
   to this widget and waits for it. It draws nothing. */
export default {
  initialize() {
    return {Plotly: globalThis.Plotly, engine: globalThis.claimsEngine};
  },
};
