// Dados: browsing over mocked IPC — dataset tabs, rows, totals at the foot, pagination, filter errors,
// sorting by a header, the vencimento filters and the overdue marks, formatted CPF/CNPJ,
// the "pendente de envio" badge and marking lançamentos for the actions.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { BrowseFilter, BrowsePage, Dataset, IpcError, VendaSituacao } from "../lib/bindings";
import Dados from "./Dados.svelte";

type BrowseArgs = { dataset: Dataset; filter: BrowseFilter; page: number; pageSize: number };

const situacoes: VendaSituacao[] = [
  { nome: "Cancelado", cancelled: true },
  { nome: "Concretizada", cancelled: false },
];

/** A page of two vendas out of `matching`, echoing the page asked for. */
function vendasPage(args: BrowseArgs, matching: number): BrowsePage {
  return {
    rows: {
      dataset: "vendas",
      items: [
        {
          id: 1,
          external_id: "9001",
          codigo: "V-1001",
          data: "2026-11-20",
          nome_cliente: "Maria Souza",
          nome_situacao: "Concretizada",
          nome_loja: "Matriz",
          valor_total_centavos: 123456,
          coinzz: null,
        },
        {
          id: 2,
          external_id: "9002",
          codigo: null,
          data: "2026-11-21",
          nome_cliente: null,
          nome_situacao: "Em aberto",
          nome_loja: "Filial",
          valor_total_centavos: 990,
          coinzz: null,
        },
      ],
    },
    page: args.page,
    page_size: args.pageSize,
    matching,
    totals: [{ label: "Valor total", centavos: 98765432 }],
  };
}

function partiesPage(args: BrowseArgs): BrowsePage {
  return {
    rows: {
      dataset: "parties",
      items: [
        {
          id: 5,
          external_id: "77",
          nome: "João Lima",
          razao_social: null,
          documento: "12345678909",
          email: null,
          telefone: null,
          ativo: true,
        },
      ],
    },
    page: args.page,
    page_size: args.pageSize,
    matching: 1,
    totals: [],
  };
}

/** Mocks the core: no integrations or lojas, two situações, and `browse` answered by `reply`. Returns the browse calls. */
function mockCore(reply: (args: BrowseArgs) => BrowsePage | Promise<BrowsePage>): BrowseArgs[] {
  const browses: BrowseArgs[] = [];
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "list_integrations":
      case "reference_options":
        return [];
      case "venda_situacoes":
        return situacoes;
      case "browse":
        browses.push(args as BrowseArgs);
        return reply(args as BrowseArgs);
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return browses;
}

/** Two lançamentos: one open and 12 days overdue, one settled. */
function lancamentosPage(args: BrowseArgs): BrowsePage {
  const lancamento = {
    tipo: "recebimento" as const,
    contraparte: "Ana Gonçalves",
    data_competencia: "2026-11-01",
    nome_plano_conta: "Vendas",
    nome_loja: null,
    integration_id: 7,
  };
  return {
    rows: {
      dataset: "lancamentos",
      items: [
        {
          ...lancamento,
          id: 1,
          external_id: "L1",
          descricao: "Parcela 1",
          data_vencimento: "2026-11-10",
          data_liquidacao: null,
          liquidado: false,
          dias_em_atraso: 12,
          valor_total_centavos: 10000,
          envio: "pending" as const,
        },
        {
          ...lancamento,
          id: 2,
          external_id: "L2",
          descricao: "Parcela 2",
          data_vencimento: "2026-11-10",
          data_liquidacao: "2026-11-09",
          liquidado: true,
          dias_em_atraso: null,
          valor_total_centavos: 5000,
          envio: null,
        },
      ],
    },
    page: args.page,
    page_size: args.pageSize,
    matching: 2,
    totals: [],
  };
}

function header(name: string): HTMLElement {
  return screen.getByRole("columnheader", { name: new RegExp(`^${name}`) });
}

function input(name: string): HTMLInputElement {
  const found = document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!found) throw new Error(`no input named ${name}`);
  return found;
}

function summary(): string {
  return (screen.getByTestId("dados-matching").parentElement?.textContent ?? "").replace(/\s+/g, " ").trim();
}

function pagerButton(name: "Anterior" | "Próxima"): HTMLButtonElement {
  return within(screen.getByRole("navigation", { name: "Páginas" })).getByRole("button", { name }) as HTMLButtonElement;
}

afterEach(() => {
  clearMocks();
});

describe("Dados", () => {
  it("loads the first page of vendas with no filters", async () => {
    const browses = mockCore((args) => vendasPage(args, 2));
    render(Dados);
    await screen.findByTestId("dados-table");

    expect(browses[0]).toEqual({
      dataset: "vendas",
      filter: {
        integration_id: null,
        search: null,
        loja_id: null,
        from: null,
        to: null,
        liquidado: null,
        tipo: null,
        situacao: null,
        vencimento_from: null,
        vencimento_to: null,
        vencidos: false,
        sort: null,
      },
      page: 1,
      pageSize: 50,
    });
    expect(screen.getByRole("tab", { name: "Vendas" }).getAttribute("aria-selected")).toBe("true");
  });

  it("shows vendas with pt-BR dates and money, falling back to the external id without a código", async () => {
    mockCore((args) => vendasPage(args, 2));
    render(Dados);
    const table = await screen.findByTestId("dados-table");

    const [first, second] = within(table).getAllByRole("row").slice(1, 3);
    expect(within(first).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "20/11/2026",
      "V-1001",
      "Maria Souza",
      "Concretizada",
      "Matriz",
      "R$ 1.234,56",
    ]);
    expect(within(second).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "21/11/2026",
      "9002",
      "",
      "Em aberto",
      "Filial",
      "R$ 9,90",
    ]);
  });

  it("adds a Coinzz venda's status, tracking code and UTMs only when the page has one", async () => {
    mockCore((args) => {
      const page = vendasPage(args, 2);
      if (page.rows.dataset !== "vendas") return page;
      const [gestaoClick, coinzz] = page.rows.items;
      coinzz.coinzz = {
        order_status: "pago",
        order_status_raw: "Aprovada",
        shipping_status: "enviado",
        shipping_status_raw: "Enviado",
        tracking_code: "BR123456789",
        utm_source: "facebook",
        utm_medium: "cpc",
        utm_campaign: null,
        utm_content: null,
        utm_term: null,
      };
      return { ...page, rows: { dataset: "vendas", items: [gestaoClick, coinzz] } };
    });
    render(Dados);
    const table = await screen.findByTestId("dados-table");
    expect(within(table).getByRole("columnheader", { name: "Status (Coinzz)" })).toBeTruthy();
    const [gestaoClick, coinzz] = within(table).getAllByRole("row").slice(1, 3);
    const texts = (row: HTMLElement) => within(row).getAllByRole("cell").map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim());
    expect(texts(gestaoClick)[4]).toBe("");
    expect(texts(coinzz)[4]).toBe("Pago (Aprovada) · Enviado");
    expect(texts(coinzz)[5]).toBe("BR123456789 facebook / cpc");
  });

  it("shows how many records matched and the totals over all of them at the foot", async () => {
    mockCore((args) => vendasPage(args, 1234));
    render(Dados);
    const table = await screen.findByTestId("dados-table");

    expect(summary()).toBe("1.234 registros · página 1 de 25");
    const foot = table.querySelector("tfoot");
    expect(foot?.textContent).toContain("Total: 1.234 registros");
    expect(foot?.textContent).toContain("Valor total: R$ 987.654,32");
  });

  it("moves to the next and previous pages, disabling the buttons at the ends", async () => {
    const browses = mockCore((args) => vendasPage(args, 120));
    render(Dados);
    await screen.findByTestId("dados-table");
    expect(pagerButton("Anterior").disabled).toBe(true);
    expect(pagerButton("Próxima").disabled).toBe(false);

    await fireEvent.click(pagerButton("Próxima"));
    await screen.findByText("Página 2 de 3");
    expect(browses.at(-1)?.page).toBe(2);

    await fireEvent.click(pagerButton("Próxima"));
    await screen.findByText("Página 3 de 3");
    expect(pagerButton("Próxima").disabled).toBe(true);
    expect(pagerButton("Anterior").disabled).toBe(false);

    await fireEvent.click(pagerButton("Anterior"));
    await screen.findByText("Página 2 de 3");
    expect(browses.at(-1)?.page).toBe(2);
  });

  it("switches dataset from the tabs and starts again at page 1", async () => {
    const browses = mockCore((args) => (args.dataset === "vendas" ? vendasPage(args, 120) : partiesPage(args)));
    render(Dados);
    await screen.findByTestId("dados-table");
    await fireEvent.click(pagerButton("Próxima"));
    await screen.findByText("Página 2 de 3");

    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));

    await screen.findByText("João Lima");
    expect(browses.at(-1)).toMatchObject({ dataset: "clientes", page: 1 });
    expect(screen.getByRole("tab", { name: "Clientes" }).getAttribute("aria-selected")).toBe("true");
    expect(summary()).toContain("página 1 de 1");
    expect(document.querySelector('input[name="from"]')).toBeNull();
  });

  it("sends the search and a dd/mm/aaaa date range as filters when “Filtrar” is pressed", async () => {
    const browses = mockCore((args) => vendasPage(args, 2));
    render(Dados);
    await screen.findByTestId("dados-table");

    await fireEvent.input(screen.getByRole("searchbox"), { target: { value: "  maria " } });
    await fireEvent.input(input("from"), { target: { value: "01/11/2026" } });
    await fireEvent.input(input("to"), { target: { value: "30/11/2026" } });
    const sent = browses.length;
    await fireEvent.click(screen.getByRole("button", { name: "Filtrar" }));

    expect(browses.length).toBeGreaterThan(sent);
    expect(browses.at(-1)).toMatchObject({
      dataset: "vendas",
      page: 1,
      filter: { search: "maria", from: "2026-11-01", to: "2026-11-30" },
    });
  });

  it("filters vendas by a situação present, marking the ones the reports leave out", async () => {
    const browses = mockCore((args) => vendasPage(args, 2));
    render(Dados);
    await screen.findByTestId("dados-table");
    const select = screen.getByRole("combobox", { name: "Situação" }) as HTMLSelectElement;
    await screen.findByRole("option", { name: "Cancelado (fora dos relatórios)" });
    expect([...select.options].map((o) => o.textContent)).toEqual(["Todas", "Cancelado (fora dos relatórios)", "Concretizada"]);

    await fireEvent.change(select, { target: { value: "Cancelado" } });

    expect(browses.at(-1)).toMatchObject({ dataset: "vendas", page: 1, filter: { situacao: "Cancelado" } });
    expect(screen.getByTestId("dados-vendas-counts").textContent).toContain("inclusive as canceladas");
  });

  it("sends no situação for a dataset without one", async () => {
    const browses = mockCore((args) => (args.dataset === "vendas" ? vendasPage(args, 2) : partiesPage(args)));
    render(Dados);
    await screen.findByTestId("dados-table");
    await screen.findByRole("option", { name: "Concretizada" });
    await fireEvent.change(screen.getByRole("combobox", { name: "Situação" }), { target: { value: "Concretizada" } });

    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));

    await screen.findByText("João Lima");
    expect(browses.at(-1)).toMatchObject({ dataset: "clientes", filter: { situacao: null } });
    expect(screen.queryByRole("combobox", { name: "Situação" })).toBeNull();
  });

  it("refuses a date that is not dd/mm/aaaa with a pt-BR example instead of browsing", async () => {
    const browses = mockCore((args) => vendasPage(args, 2));
    render(Dados);
    await screen.findByTestId("dados-table");
    const sent = browses.length;

    await fireEvent.input(input("from"), { target: { value: "31/02/2026" } });
    await fireEvent.click(screen.getByRole("button", { name: "Filtrar" }));

    expect(screen.getByRole("alert").textContent).toBe(
      "“31/02/2026” não é uma data. Use dd/mm/aaaa, por exemplo 01/03/2026.",
    );
    expect(browses.length).toBe(sent);
  });

  it("asks nothing while the operator types, and sends a page-1 question on “Filtrar”", async () => {
    const browses = mockCore((args) => vendasPage(args, 120));
    render(Dados);
    await screen.findByTestId("dados-table");
    await fireEvent.click(pagerButton("Próxima"));
    await screen.findByText("Página 2 de 3");
    const sent = browses.length;

    await fireEvent.input(screen.getByRole("searchbox"), { target: { value: "mar" } });
    await fireEvent.input(screen.getByRole("searchbox"), { target: { value: "maria" } });
    expect(browses.length).toBe(sent);

    await fireEvent.click(screen.getByRole("button", { name: "Filtrar" }));
    expect(browses.length).toBe(sent + 1);
    expect(browses.at(-1)).toMatchObject({ page: 1, filter: { search: "maria" } });
  });

  it("asks once per page turn", async () => {
    const browses = mockCore((args) => vendasPage(args, 120));
    render(Dados);
    await screen.findByTestId("dados-table");
    const sent = browses.length;

    await fireEvent.click(pagerButton("Próxima"));
    await screen.findByText("Página 2 de 3");

    expect(browses.length).toBe(sent + 1);
  });

  it("lets a bad date left on Vendas not block a dataset without dates", async () => {
    const browses = mockCore((args) => (args.dataset === "vendas" ? vendasPage(args, 2) : partiesPage(args)));
    render(Dados);
    await screen.findByTestId("dados-table");
    await fireEvent.input(input("from"), { target: { value: "99/99/9999" } });

    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));

    await screen.findByText("João Lima");
    expect(browses.at(-1)).toMatchObject({ dataset: "clientes", filter: { from: null, to: null } });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows only the newest answer when an older one arrives late", async () => {
    const pending: ((page: BrowsePage) => void)[] = [];
    mockCore((args) =>
      args.dataset === "clientes" ? partiesPage(args) : new Promise<BrowsePage>((resolve) => pending.push(resolve)),
    );
    render(Dados);
    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));
    await screen.findByText("João Lima");

    pending.forEach((resolve) => resolve(vendasPage({ dataset: "vendas", filter: {} as BrowseFilter, page: 1, pageSize: 50 }, 2)));
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(screen.getByText("João Lima")).toBeTruthy();
    expect(screen.queryByText("Maria Souza")).toBeNull();
  });

  it("says “1 registro” for exactly one", async () => {
    mockCore((args) => (args.dataset === "vendas" ? vendasPage(args, 2) : partiesPage(args)));
    render(Dados);
    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));
    await screen.findByText("João Lima");
    expect(summary()).toBe("1 registro · página 1 de 1");
  });

  it("says nothing was found when no record matches", async () => {
    mockCore((args) => ({ ...vendasPage(args, 0), rows: { dataset: "vendas", items: [] }, totals: [] }));
    render(Dados);

    expect(await screen.findByText("Nada encontrado. Sincronize no Painel ou mude os filtros.")).toBeTruthy();
    expect(summary()).toBe("0 registros · página 1 de 1");
    expect(screen.queryByTestId("dados-table")).toBeNull();
  });

  it("shows the core's pt-BR message when browsing fails", async () => {
    const failure: IpcError = { code: "database", message: "Não foi possível ler o banco local. Veja os logs da Ponte." };
    mockCore(() => Promise.reject(failure));
    render(Dados);

    expect((await screen.findByRole("alert")).textContent).toBe(failure.message);
  });

  it("shows a CPF or CNPJ formatted", async () => {
    mockCore((args) => (args.dataset === "vendas" ? vendasPage(args, 2) : partiesPage(args)));
    render(Dados);
    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));
    await screen.findByText("João Lima");
    expect(screen.getByText("123.456.789-09")).toBeTruthy();
  });

  it("sorts by a clicked header, then the other way, and says so with aria-sort", async () => {
    const browses = mockCore((args) => vendasPage(args, 120));
    render(Dados);
    await screen.findByTestId("dados-table");
    await fireEvent.click(pagerButton("Próxima"));
    await screen.findByText("Página 2 de 3");
    expect(header("Valor").getAttribute("aria-sort")).toBe("none");

    await fireEvent.click(within(header("Valor")).getByRole("button"));
    expect(browses.at(-1)).toMatchObject({ page: 1, filter: { sort: { column: "valor", descending: false } } });
    await screen.findByText("Página 1 de 3");
    expect(header("Valor").getAttribute("aria-sort")).toBe("ascending");

    await fireEvent.click(within(header("Valor")).getByRole("button"));
    expect(browses.at(-1)).toMatchObject({ filter: { sort: { column: "valor", descending: true } } });
    expect(header("Valor").getAttribute("aria-sort")).toBe("descending");

    await fireEvent.click(within(header("Cliente")).getByRole("button"));
    expect(browses.at(-1)).toMatchObject({ filter: { sort: { column: "cliente", descending: false } } });
    expect(header("Valor").getAttribute("aria-sort")).toBe("none");
  });

  it("forgets the sort when another dataset is chosen", async () => {
    const browses = mockCore((args) => (args.dataset === "vendas" ? vendasPage(args, 2) : partiesPage(args)));
    render(Dados);
    await screen.findByTestId("dados-table");
    await fireEvent.click(within(header("Valor")).getByRole("button"));

    await fireEvent.click(screen.getByRole("tab", { name: "Clientes" }));
    await screen.findByText("João Lima");
    expect(browses.at(-1)).toMatchObject({ dataset: "clientes", filter: { sort: null } });
  });

  it("filters lançamentos by vencimento and Vencidos, and marks an overdue one in words", async () => {
    const browses = mockCore((args) => (args.dataset === "lancamentos" ? lancamentosPage(args) : vendasPage(args, 2)));
    render(Dados);
    await fireEvent.click(screen.getByRole("tab", { name: "Lançamentos" }));
    const table = await screen.findByTestId("dados-table");

    const [overdue, settled] = within(table).getAllByRole("row").slice(1, 3);
    expect(overdue.classList.contains("overdue")).toBe(true);
    expect(within(overdue).getByTestId("overdue").textContent).toBe("vencido há 12 dias");
    expect(settled.classList.contains("overdue")).toBe(false);
    expect(within(settled).queryByTestId("overdue")).toBeNull();

    const vencidos = screen.getByRole("button", { name: "Vencidos" });
    await fireEvent.click(vencidos);
    expect(vencidos.getAttribute("aria-pressed")).toBe("true");
    expect(browses.at(-1)).toMatchObject({ dataset: "lancamentos", page: 1, filter: { vencidos: true } });

    await fireEvent.input(input("due-from"), { target: { value: "01/11/2026" } });
    await fireEvent.input(input("due-to"), { target: { value: "30/11/2026" } });
    await fireEvent.click(screen.getByRole("button", { name: "Filtrar" }));
    expect(browses.at(-1)).toMatchObject({
      filter: { vencidos: true, vencimento_from: "2026-11-01", vencimento_to: "2026-11-30" },
    });

    const sent = browses.length;
    await fireEvent.input(input("due-to"), { target: { value: "31/11/2026" } });
    await fireEvent.click(screen.getByRole("button", { name: "Filtrar" }));
    expect(screen.getByRole("alert").textContent).toBe(
      "Vencimento: “31/11/2026” não é uma data. Use dd/mm/aaaa, por exemplo 31/03/2026.",
    );
    expect(browses.length).toBe(sent);
  });

  it("marks a lançamento whose change is still to be sent, and counts the marked rows", async () => {
    mockCore((args) => (args.dataset === "lancamentos" ? lancamentosPage(args) : vendasPage(args, 2)));
    render(Dados);
    await fireEvent.click(screen.getByRole("tab", { name: "Lançamentos" }));
    const table = await screen.findByTestId("dados-table");

    const [pending, settled] = within(table).getAllByRole("row").slice(1, 3);
    expect(within(pending).getByTestId("envio-badge").textContent).toBe("pendente de envio");
    expect(within(settled).queryByTestId("envio-badge")).toBeNull();

    const actions = screen.getByTestId("lancamento-actions");
    expect(actions.textContent).toContain("0 lançamentos marcados");
    await fireEvent.click(within(pending).getByRole("checkbox"));
    expect(actions.textContent).toContain("1 lançamento marcado");
    await fireEvent.click(screen.getByLabelText("Marcar todos desta página"));
    expect(actions.textContent).toContain("2 lançamentos marcados");
  });
});
