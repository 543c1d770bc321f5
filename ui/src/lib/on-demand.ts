// What the first paint leaves out, each loaded the first time it is shown (see lazy.ts):
// every screen but the Painel, each report of Relatórios, and Chart.js, the largest
// library, which only the DRE and the indicadores draw with. Sobre's chunk carries the
// licence list (licenses.json).
import type { Chart as ChartClass } from "chart.js";
import { lazy, type Lazy } from "./lazy";

const component = <C>(load: () => Promise<{ default: C }>): Lazy<C> =>
  lazy(() => load().then((module) => module.default));

export const lazyScreens = {
  notificacoes: component(() => import("../screens/Notificacoes.svelte")),
  historico: component(() => import("../screens/Historico.svelte")),
  integracoes: component(() => import("../screens/Integracoes.svelte")),
  dados: component(() => import("../screens/Dados.svelte")),
  alteracoes: component(() => import("../screens/AlteracoesEnviadas.svelte")),
  relatorios: component(() => import("../screens/Relatorios.svelte")),
  diagnostico: component(() => import("../screens/Diagnostico.svelte")),
  configuracoes: component(() => import("../screens/Configuracoes.svelte")),
  sobre: component(() => import("../screens/Sobre.svelte")),
};

export const lazyReports = {
  indicadores: component(() => import("../screens/reports/Indicadores.svelte")),
  dre: component(() => import("../screens/reports/DreReport.svelte")),
  estrutura: component(() => import("../screens/reports/DreMapping.svelte")),
  fluxo: component(() => import("../screens/reports/FluxoCaixa.svelte")),
  aging: component(() => import("../screens/reports/Aging.svelte")),
  vendas: component(() => import("../screens/reports/Vendas.svelte")),
};

/** Chart.js with what the charts draw registered, once. */
export const chartJs: Lazy<typeof ChartClass> = lazy(async () => {
  // Named, so that the bundler keeps only these parts of the library.
  const {
    BarController,
    BarElement,
    CategoryScale,
    Chart,
    Legend,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    Tooltip,
  } = await import("chart.js");
  Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
  return Chart;
});
