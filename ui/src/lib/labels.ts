// pt-BR names for the values the core sends as codes.
import type {
  AuthMode,
  EntityKind,
  IntegrationState,
  NotificationLevel,
  ProviderKind,
  RunOutcome,
  RunTrigger,
} from "./bindings";

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
  never_synced: "Nunca sincronizada",
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

/** One record of each kind, for lines that name a single record (the Histórico's log). */
export const entitySingularLabel: Record<EntityKind, string> = {
  loja: "Loja",
  plano_conta: "Plano de contas",
  centro_custo: "Centro de custo",
  conta_bancaria: "Conta bancária",
  forma_pagamento: "Forma de pagamento",
  cliente: "Cliente",
  fornecedor: "Fornecedor",
  venda: "Venda",
  recebimento: "Recebimento",
  pagamento: "Pagamento",
};

export const logActionLabel: Record<string, string> = {
  created: "Criado",
  updated: "Atualizado",
  deactivated: "Desativado",
  reactivated: "Reativado",
  failed: "Falhou",
  stale: "Ignorado",
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

/** How a provider proves its webhooks, per relay auth mode, as the connect form offers them. */
export const authModeChoices: { mode: AuthMode; label: string; hint: string }[] = [
  { mode: "hmac", label: "HMAC (X-Webhook-Signature)", hint: "O provedor assina o corpo com HMAC-SHA256 usando o segredo e manda a assinatura no cabeçalho X-Webhook-Signature." },
  { mode: "standard", label: "Standard Webhooks", hint: "O provedor assina com o segredo whsec_… nos cabeçalhos webhook-id, webhook-timestamp e webhook-signature." },
  { mode: "bearer", label: "Bearer (Authorization)", hint: "O provedor manda o segredo no cabeçalho Authorization: Bearer." },
  { mode: "url_token", label: "Token na URL (Coinzz)", hint: "O segredo já vai na URL; o provedor não assina nada. Cole só a URL." },
];

export function authModeHint(mode: AuthMode): string {
  return authModeChoices.find((choice) => choice.mode === mode)?.hint ?? "";
}

export function authModeLabel(mode: AuthMode): string {
  return authModeChoices.find((choice) => choice.mode === mode)?.label ?? mode;
}

/** The name operators know each provider by. */
export const providerNames: Record<ProviderKind, string> = {
  gestaoclick: "Gestão Click",
  coinzz: "Coinzz",
};

/** What a real-time event was, by its type as the inbox records it; unknown types as they came. */
const eventTypeLabels: Record<string, string> = {
  order: "pedido",
  subscription: "assinatura",
  affiliate_request: "pedido de afiliação",
  "ponte.verify": "teste do Verificar",
  "sale.created": "venda criada",
  "sale.updated": "venda atualizada",
  "transaction.created": "lançamento criado",
  "transaction.updated": "lançamento atualizado",
  "cost_center.created": "centro de custo criado",
  "cost_center.updated": "centro de custo atualizado",
  "customer.created": "cliente criado",
  "customer.updated": "cliente atualizado",
  "customer.deleted": "cliente removido",
};

export function eventTypeLabel(eventType: string | null): string {
  return eventType === null ? "(sem tipo)" : (eventTypeLabels[eventType] ?? eventType);
}

/** Ponte's keys for a Coinzz order's status; a key the UI does not know shows as it is. */
export const coinzzOrderStatusLabel: Record<string, string> = {
  pendente: "Pendente",
  pago: "Pago",
  aguardando_envio: "Aguardando envio",
  entregue: "Entregue",
  cancelado: "Cancelado",
  reembolsado: "Reembolsado",
  chargeback: "Chargeback",
};

export const coinzzShippingStatusLabel: Record<string, string> = {
  a_enviar: "A enviar",
  enviado: "Enviado",
  entregue: "Entregue",
};
