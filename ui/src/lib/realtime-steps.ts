// What the operator does in each provider's panel to send its webhooks to the relay
// channel, and what the provider's panel asks for in each auth mode. Gestão Click's webhook
// screen is described by an integrators' guide, not by Gestão Click (see
// docs/providers/gestaoclick.md): it takes a URL and an Authorization header.
import type { AuthMode, ProviderKind } from "./bindings";

export interface PanelSteps {
  /** Where the webhook is registered. */
  panel: string;
  /** Which events to tick. */
  events: string;
  /** What arrives, and where it shows, once the provider sends. */
  after: string;
}

export const panelSteps: Record<ProviderKind, PanelSteps> = {
  gestaoclick: {
    panel:
      "No Gestão Click, abra a tela de webhooks (nas configurações de integrações; ela existe nos planos que oferecem webhooks) e cadastre um novo webhook com essa URL e esse cabeçalho.",
    events: "Marque os eventos de vendas, de lançamentos financeiros e de centros de custo, e salve.",
    after: "As mudanças passam a chegar na hora, sem esperar a próxima sincronização.",
  },
  coinzz: {
    panel: "No painel da Coinzz, abra a configuração de webhooks (postback) e cadastre um novo webhook com essa URL.",
    events: "Marque os eventos de pedidos e de assinaturas e salve. A Coinzz avisa a cada mudança de status do pedido.",
    after: "Os pedidos aparecem em Dados › Vendas assim que a Coinzz os enviar.",
  },
};

/** The secret as the provider's panel takes it; `null` when it already travels in the URL. */
export function secretField(mode: AuthMode, secret: string): { step: string; label: string; value: string } | null {
  switch (mode) {
    case "bearer":
      return {
        step: "Copie o valor do cabeçalho Authorization. Ele contém o segredo do canal: não o compartilhe.",
        label: "Authorization",
        value: `Bearer ${secret}`,
      };
    case "hmac":
    case "standard":
      return {
        step: "Copie o segredo de assinatura e cole-o no campo de segredo do webhook. Não o compartilhe.",
        label: "Segredo",
        value: secret,
      };
    case "url_token":
      return null;
  }
}
