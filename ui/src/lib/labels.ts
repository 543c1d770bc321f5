// pt-BR names for the values the core sends as codes.
import type { EntityKind, IntegrationState, NotificationLevel, RunOutcome, RunTrigger } from "./bindings";

export const outcomeLabel: Record<RunOutcome, string> = {
  running: "Em andamento",
  succeeded: "Concluída",
  failed: "Falhou",
  cancelled: "Cancelada",
  interrupted: "Interrompida",
};

export const levelLabel: Record<NotificationLevel, string> = {
  info: "Informação",
  success: "Sucesso",
  warning: "Aviso",
  error: "Erro",
};

export const triggerLabel: Record<RunTrigger, string> = {
  manual: "Manual",
  scheduled: "Agendada",
};

export const stateLabel: Record<IntegrationState, string> = {
  ok: "OK",
  syncing: "Sincronizando",
  error: "Com erro",
  disabled: "Desativada",
};

export const entityLabel: Record<EntityKind, string> = {
  loja: "Lojas",
  plano_conta: "Planos de contas",
  centro_custo: "Centros de custo",
  conta_bancaria: "Contas bancárias",
  forma_pagamento: "Formas de pagamento",
  cliente: "Clientes",
  fornecedor: "Fornecedores",
  venda: "Vendas",
  recebimento: "Recebimentos",
  pagamento: "Pagamentos",
};

export const logActionLabel: Record<string, string> = {
  created: "Criado",
  updated: "Atualizado",
  deactivated: "Desativado",
  reactivated: "Reativado",
  failed: "Falhou",
  stale: "Desatualizado",
};

/** Schedule choices offered in Integrações, in minutes; `null` turns it off. */
export const scheduleChoices: { minutes: number | null; label: string }[] = [
  { minutes: 5, label: "A cada 5 minutos" },
  { minutes: 10, label: "A cada 10 minutos" },
  { minutes: 30, label: "A cada 30 minutos" },
  { minutes: 60, label: "A cada hora" },
  { minutes: 240, label: "A cada 4 horas" },
  { minutes: 1440, label: "Uma vez por dia" },
  { minutes: null, label: "Desligado" },
];

export function scheduleLabel(minutes: number | null): string {
  return (
    scheduleChoices.find((c) => c.minutes === minutes)?.label ??
    (minutes === null ? "Desligado" : `A cada ${minutes} minutos`)
  );
}
