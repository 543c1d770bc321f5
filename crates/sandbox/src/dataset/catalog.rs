//! The fixed vocabulary generated records point at: lojas, plano de contas leaves, centros
//! de custo, contas, formas de pagamento, situações, staff and the product catalogue. Kept
//! after generation so mutations create records that reference valid ids.

use crate::money::Centavos;

/// An id with the name that records copy next to it (`plano_contas_id`/`nome_plano_conta`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref {
    pub id: u64,
    pub nome: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Produto {
    pub produto_id: u64,
    pub variacao_id: u64,
    pub possui_variacao: bool,
    pub nome: &'static str,
    pub unidade: &'static str,
    pub preco: Centavos,
    pub custo: Centavos,
}

#[derive(Debug, Clone)]
pub(crate) struct Servico {
    pub servico_id: u64,
    pub nome: &'static str,
    pub preco: Centavos,
}

/// Leaves of the plano de contas that titles are booked on, in tree order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanoRole {
    VendaProdutos,
    PrestacaoServicos,
    RendimentosAplicacoes,
    JurosRecebidos,
    OutrasReceitas,
    CompraMercadorias,
    FretesCompras,
    Aluguel,
    EnergiaEletrica,
    AguaEsgoto,
    TelefoneInternet,
    HonorariosContabeis,
    Salarios,
    Fgts,
    ProLabore,
    Marketing,
    TarifasBancarias,
    SimplesNacional,
    TransferenciaEntreContas,
    AjusteCaixa,
}

impl PlanoRole {
    pub const ALL: [PlanoRole; 20] = [
        PlanoRole::VendaProdutos,
        PlanoRole::PrestacaoServicos,
        PlanoRole::RendimentosAplicacoes,
        PlanoRole::JurosRecebidos,
        PlanoRole::OutrasReceitas,
        PlanoRole::CompraMercadorias,
        PlanoRole::FretesCompras,
        PlanoRole::Aluguel,
        PlanoRole::EnergiaEletrica,
        PlanoRole::AguaEsgoto,
        PlanoRole::TelefoneInternet,
        PlanoRole::HonorariosContabeis,
        PlanoRole::Salarios,
        PlanoRole::Fgts,
        PlanoRole::ProLabore,
        PlanoRole::Marketing,
        PlanoRole::TarifasBancarias,
        PlanoRole::SimplesNacional,
        PlanoRole::TransferenciaEntreContas,
        PlanoRole::AjusteCaixa,
    ];

    /// Hierarchical code and name; the code's prefix is the parent group.
    pub fn account(self) -> (&'static str, &'static str) {
        match self {
            PlanoRole::VendaProdutos => ("1.1.01", "Vendas de produtos"),
            PlanoRole::PrestacaoServicos => ("1.1.02", "Prestação de serviços"),
            PlanoRole::RendimentosAplicacoes => ("1.2.01", "Rendimentos de aplicações"),
            PlanoRole::JurosRecebidos => ("1.2.02", "Juros recebidos"),
            PlanoRole::OutrasReceitas => ("1.3.01", "Outras receitas"),
            PlanoRole::CompraMercadorias => ("2.1.01", "Compra de mercadorias"),
            PlanoRole::FretesCompras => ("2.1.02", "Fretes sobre compras"),
            PlanoRole::Aluguel => ("2.2.01", "Aluguel"),
            PlanoRole::EnergiaEletrica => ("2.2.02", "Energia elétrica"),
            PlanoRole::AguaEsgoto => ("2.2.03", "Água e esgoto"),
            PlanoRole::TelefoneInternet => ("2.2.04", "Telefone e internet"),
            PlanoRole::HonorariosContabeis => ("2.2.05", "Honorários contábeis"),
            PlanoRole::Salarios => ("2.3.01", "Salários"),
            PlanoRole::Fgts => ("2.3.02", "FGTS"),
            PlanoRole::ProLabore => ("2.3.03", "Pró-labore"),
            PlanoRole::Marketing => ("2.4.01", "Marketing e publicidade"),
            PlanoRole::TarifasBancarias => ("2.5.01", "Tarifas bancárias"),
            PlanoRole::SimplesNacional => ("2.6.01", "Simples Nacional"),
            PlanoRole::TransferenciaEntreContas => ("3.01", "Transferência entre contas"),
            PlanoRole::AjusteCaixa => ("3.02", "Ajuste de caixa"),
        }
    }

    /// The company's own money moves: neither income nor expense, settled on their day at
    /// face value.
    pub fn is_money_move(self) -> bool {
        matches!(
            self,
            PlanoRole::TransferenciaEntreContas | PlanoRole::AjusteCaixa
        )
    }
}

/// The groups above the leaves: `1` holds the income side (`C`), `2` the expense side (`D`),
/// `3` the money the company moves between its own contas or corrects (`D`, like every
/// code outside `1`).
pub(crate) const PLANO_GROUPS: [(&str, &str); 12] = [
    ("1", "Receitas"),
    ("1.1", "Receitas operacionais"),
    ("1.2", "Receitas financeiras"),
    ("1.3", "Outras receitas operacionais"),
    ("2", "Despesas"),
    ("2.1", "Custo das mercadorias vendidas"),
    ("2.2", "Despesas administrativas"),
    ("2.3", "Despesas com pessoal"),
    ("2.4", "Despesas comerciais"),
    ("2.5", "Despesas financeiras"),
    ("2.6", "Impostos sobre vendas"),
    ("3", "Movimentações entre contas"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CentroRole {
    Administrativo,
    Comercial,
    Operacional,
    Financeiro,
}

impl CentroRole {
    pub const ALL: [CentroRole; 4] = [
        CentroRole::Administrativo,
        CentroRole::Comercial,
        CentroRole::Operacional,
        CentroRole::Financeiro,
    ];

    pub fn nome(self) -> &'static str {
        match self {
            CentroRole::Administrativo => "Administrativo",
            CentroRole::Comercial => "Comercial",
            CentroRole::Operacional => "Operacional",
            CentroRole::Financeiro => "Financeiro",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContaRole {
    Caixa,
    Itau,
    Bradesco,
    Inter,
}

impl ContaRole {
    pub const ALL: [ContaRole; 4] = [
        ContaRole::Caixa,
        ContaRole::Itau,
        ContaRole::Bradesco,
        ContaRole::Inter,
    ];

    pub fn nome(self) -> &'static str {
        match self {
            ContaRole::Caixa => "Caixa da loja",
            ContaRole::Itau => "Conta Itaú",
            ContaRole::Bradesco => "Bradesco PJ",
            ContaRole::Inter => "Banco Inter",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormaRole {
    Dinheiro,
    Pix,
    Boleto,
    CartaoCredito,
    CartaoDebito,
    Transferencia,
}

impl FormaRole {
    pub const ALL: [FormaRole; 6] = [
        FormaRole::Dinheiro,
        FormaRole::Pix,
        FormaRole::Boleto,
        FormaRole::CartaoCredito,
        FormaRole::CartaoDebito,
        FormaRole::Transferencia,
    ];

    /// Name, provider type code, the account it settles into and the most installments.
    pub fn spec(self) -> (&'static str, &'static str, ContaRole, u32) {
        match self {
            FormaRole::Dinheiro => ("Dinheiro à Vista", "DI", ContaRole::Caixa, 1),
            FormaRole::Pix => ("Pix", "PI", ContaRole::Inter, 1),
            FormaRole::Boleto => ("Boleto bancário", "BB", ContaRole::Itau, 6),
            FormaRole::CartaoCredito => ("Cartão de crédito", "CC", ContaRole::Bradesco, 12),
            FormaRole::CartaoDebito => ("Cartão de débito", "CD", ContaRole::Bradesco, 1),
            FormaRole::Transferencia => ("Transferência bancária", "TB", ContaRole::Itau, 1),
        }
    }

    pub fn conta(self) -> ContaRole {
        self.spec().2
    }

    /// Card sales settle net of the acquirer's fee.
    pub fn is_card(self) -> bool {
        matches!(self, FormaRole::CartaoCredito | FormaRole::CartaoDebito)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SituacaoRole {
    EmAberto,
    Confirmado,
    EmAndamento,
    Cancelado,
}

impl SituacaoRole {
    pub const ALL: [SituacaoRole; 4] = [
        SituacaoRole::EmAberto,
        SituacaoRole::Confirmado,
        SituacaoRole::EmAndamento,
        SituacaoRole::Cancelado,
    ];

    pub fn nome(self) -> &'static str {
        match self {
            SituacaoRole::EmAberto => "Em aberto",
            SituacaoRole::Confirmado => "Confirmado",
            SituacaoRole::EmAndamento => "Em andamento",
            SituacaoRole::Cancelado => "Cancelado",
        }
    }

    /// Whether a sale in this status has posted its receivables and stock.
    pub fn posts_finance(self) -> bool {
        matches!(self, SituacaoRole::Confirmado | SituacaoRole::EmAndamento)
    }
}

/// Each role-indexed list holds one `Ref` per role, in the role's `ALL` order.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    /// The matriz first, then the filial.
    pub lojas: Vec<Ref>,
    pub planos: Vec<Ref>,
    pub centros: Vec<Ref>,
    pub contas: Vec<Ref>,
    pub formas: Vec<Ref>,
    pub situacoes: Vec<Ref>,
    pub usuarios: Vec<Ref>,
    pub vendedores: Vec<Ref>,
    pub funcionarios: Vec<Ref>,
    pub transportadoras: Vec<Ref>,
    pub produtos: Vec<Produto>,
    pub servicos: Vec<Servico>,
}

impl Catalog {
    pub fn matriz(&self) -> &Ref {
        &self.lojas[0]
    }

    pub fn plano(&self, role: PlanoRole) -> &Ref {
        &self.planos[role as usize]
    }

    pub fn centro(&self, role: CentroRole) -> &Ref {
        &self.centros[role as usize]
    }

    pub fn conta(&self, role: ContaRole) -> &Ref {
        &self.contas[role as usize]
    }

    pub fn forma(&self, role: FormaRole) -> &Ref {
        &self.formas[role as usize]
    }

    pub fn situacao(&self, role: SituacaoRole) -> &Ref {
        &self.situacoes[role as usize]
    }
}
