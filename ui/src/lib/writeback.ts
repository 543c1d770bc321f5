// The pure parts of Dados' actions on lançamentos (baixar, estornar, reclassificar): why
// a selection cannot be changed from Ponte, amounts typed in R$, today as dd/mm/aaaa, and
// the "valor pago" a baixa would record.
import type { Integration, LancamentoRow } from "./bindings";

/** Why the selected lançamentos (Dados' rows, a DRE cell's entries) cannot be written back
 *  now, or null when they can. */
export function writeBlock(rows: Pick<LancamentoRow, "integration_id">[], integrations: Integration[]): string | null {
  if (rows.length === 0) return "Marque um ou mais lançamentos na tabela.";
  const ids = new Set(rows.map((row) => row.integration_id));
  for (const id of ids) {
    const integration = integrations.find((i) => i.id === id);
    if (!integration) return "Integração destes lançamentos não encontrada; atualize a tela.";
    if (integration.realtime_only) {
      return `A ${integration.name} não tem API de escrita: baixe e reclassifique os lançamentos dela no painel da Coinzz.`;
    }
    if (!integration.settings.allow_writes) {
      return `Ligue "Permitir alterações no Gestão Click" em Integrações › ${integration.name} › Configurações`;
    }
  }
  if (ids.size > 1) return "Escolha lançamentos de uma só integração: contas e planos são de cada uma.";
  return null;
}

/** An amount typed in reais ("1.234,56", "12,5", "12"; blank is zero) → centavos, or null
 *  when it is not an amount. */
export function parseMoneyBR(text: string): number | null {
  const cleaned = text.replace(/R\$/i, "").trim();
  if (cleaned === "") return 0;
  if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(cleaned)) return null;
  const [whole, cents = ""] = cleaned.replace(/\./g, "").split(",");
  return Number(whole) * 100 + Number(cents.padEnd(2, "0"));
}

/** Today on this machine, as the operator types a date. */
export function todayBR(now: Date = new Date()): string {
  const day = String(now.getDate()).padStart(2, "0");
  const month = String(now.getMonth() + 1).padStart(2, "0");
  return `${day}/${month}/${now.getFullYear()}`;
}

/** What the baixas record in total: each título's valor, plus juros, less desconto and the
 *  taxas, once per lançamento (as the provider computes it). */
export function valorPago(
  rows: LancamentoRow[],
  adjustments: { juros: number; desconto: number; taxaBanco: number; taxaOperadora: number },
): number {
  const perRow = adjustments.juros - adjustments.desconto - adjustments.taxaBanco - adjustments.taxaOperadora;
  return rows.reduce((sum, row) => sum + row.valor_total_centavos + perRow, 0);
}
