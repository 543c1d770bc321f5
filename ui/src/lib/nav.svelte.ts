// Which screen is shown. The screens are the app's only places; no router is needed.
export type Screen =
  | "painel"
  | "notificacoes"
  | "historico"
  | "integracoes"
  | "dados"
  | "alteracoes"
  | "relatorios"
  | "diagnostico"
  | "configuracoes"
  | "sobre";

export const screens: { id: Screen; label: string }[] = [
  { id: "painel", label: "Painel" },
  { id: "notificacoes", label: "Notificações" },
  { id: "historico", label: "Histórico" },
  { id: "integracoes", label: "Integrações" },
  { id: "dados", label: "Dados" },
  { id: "alteracoes", label: "Alterações enviadas" },
  { id: "relatorios", label: "Relatórios" },
  { id: "diagnostico", label: "Diagnóstico" },
  { id: "configuracoes", label: "Configurações" },
  { id: "sobre", label: "Sobre" },
];

class Navigation {
  current = $state<Screen>("painel");
  /** A run the Histórico should open when it is shown next. */
  focusRunId = $state<number | null>(null);

  go(screen: Screen): void {
    this.current = screen;
  }

  showRun(runId: number): void {
    this.focusRunId = runId;
    this.current = "historico";
  }
}

export const nav = new Navigation();
