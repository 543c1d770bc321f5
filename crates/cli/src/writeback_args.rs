//! The grammar of `ponte lancamento` and `ponte outbox` (clap derive): the operator's
//! changes written back to Gestão Click, and the queue they go through. Beside `args.rs`
//! so the write-back keeps to its own file.

use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use ponte_core::writeback::OutboxState;

#[derive(Debug, Subcommand)]
pub enum LancamentoCommand {
    /// Lista lançamentos com o id local que os outros comandos pedem, o código do Gestão
    /// Click, a situação e se há alteração pendente de envio.
    List(LancamentoListArgs),
    /// Baixa (liquida) lançamentos em aberto no Gestão Click: data, conta, forma de
    /// pagamento e, se houver, juros, desconto e taxas.
    Baixar(BaixarArgs),
    /// Estorna a baixa de lançamentos liquidados: eles voltam a ficar em aberto.
    Estornar(EstornarArgs),
    /// Muda o plano de contas e/ou o centro de custo de lançamentos.
    #[command(group(ArgGroup::new("nova").required(true).multiple(true).args(["plano", "centro"])))]
    Reclassificar(ReclassificarArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("situacao").args(["abertos", "liquidados"])))]
pub struct LancamentoListArgs {
    /// Só os desta integração (nome).
    #[arg(long)]
    pub integracao: Option<String>,
    /// Texto procurado em descrição, código, cliente ou fornecedor (sem acentos).
    #[arg(long)]
    pub busca: Option<String>,
    /// Só recebimentos ou só pagamentos.
    #[arg(long, value_enum)]
    pub tipo: Option<TipoArg>,
    /// Só os em aberto.
    #[arg(long)]
    pub abertos: bool,
    /// Só os liquidados.
    #[arg(long)]
    pub liquidados: bool,
    /// Só os em aberto com vencimento já passado.
    #[arg(long)]
    pub vencidos: bool,
    /// Quantos no máximo (até 500).
    #[arg(long, default_value_t = 50)]
    pub limite: u32,
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TipoArg {
    Recebimento,
    Pagamento,
}

/// Which lançamentos, and how the change is sent.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Os ids locais dos lançamentos na Ponte, não o código do Gestão Click (`ponte
    /// lancamento list` os mostra).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Prioridade de 0 a 10 (maior vai antes); padrão: 10, a de uma alteração do operador.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=10))]
    pub prioridade: Option<u8>,
    /// Só põe as alterações na fila e sai; a Ponte (ou `ponte outbox retry`) as envia.
    #[arg(long)]
    pub sem_esperar: bool,
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BaixarArgs {
    #[command(flatten)]
    pub send: SendArgs,
    /// A data da baixa (AAAA-MM-DD ou DD/MM/AAAA).
    #[arg(long)]
    pub data: String,
    /// A conta bancária (id ou nome).
    #[arg(long)]
    pub conta: String,
    /// A forma de pagamento (id ou nome).
    #[arg(long)]
    pub forma: String,
    /// Juros em reais, como 12,50.
    #[arg(long)]
    pub juros: Option<String>,
    /// Desconto em reais, como 12,50.
    #[arg(long)]
    pub desconto: Option<String>,
    /// Taxa do banco em reais, como 1,99.
    #[arg(long)]
    pub taxa_banco: Option<String>,
    /// Taxa da operadora (cartão) em reais, como 3,20.
    #[arg(long)]
    pub taxa_operadora: Option<String>,
}

#[derive(Debug, Args)]
pub struct EstornarArgs {
    #[command(flatten)]
    pub send: SendArgs,
}

#[derive(Debug, Args)]
pub struct ReclassificarArgs {
    #[command(flatten)]
    pub send: SendArgs,
    /// O novo plano de contas (id ou nome).
    #[arg(long)]
    pub plano: Option<String>,
    /// O novo centro de custo (id ou nome); "" tira o centro de custo.
    #[arg(long)]
    pub centro: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// As alterações enviadas (ou por enviar), das mais novas às mais antigas.
    List(OutboxListArgs),
    /// Com ID: põe de novo na fila uma alteração que falhou e espera o envio. Sem ID: envia
    /// o que está na fila (também o que um envio interrompido deixou) e espera terminar.
    Retry(OutboxRetryArgs),
    /// Descarta uma alteração na fila, em conflito ou que falhou: nada é gravado.
    Discard(OutboxIdArg),
    /// Resolve um conflito: mantém o que está no Gestão Click ou aplica a alteração de novo
    /// sobre a versão nova.
    #[command(group(ArgGroup::new("escolha").required(true).args(["manter_gestao_click", "aplicar_de_novo"])))]
    Resolve(OutboxResolveArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StateArg {
    Pendente,
    Enviando,
    Gravada,
    Conflito,
    Falha,
    Descartada,
}

impl StateArg {
    pub fn state(self) -> OutboxState {
        match self {
            StateArg::Pendente => OutboxState::Pending,
            StateArg::Enviando => OutboxState::Sending,
            StateArg::Gravada => OutboxState::Done,
            StateArg::Conflito => OutboxState::Conflict,
            StateArg::Falha => OutboxState::Failed,
            StateArg::Descartada => OutboxState::Discarded,
        }
    }
}

#[derive(Debug, Args)]
pub struct OutboxListArgs {
    /// Só alterações neste estado.
    #[arg(long)]
    pub estado: Option<StateArg>,
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OutboxRetryArgs {
    /// A alteração (o "#" de `ponte outbox list`); sem ela, envia toda a fila.
    pub id: Option<i64>,
    /// Só põe de novo na fila e sai, sem enviar.
    #[arg(long, requires = "id")]
    pub sem_esperar: bool,
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OutboxIdArg {
    /// A alteração (o "#" de `ponte outbox list`).
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct OutboxResolveArgs {
    /// A alteração em conflito (o "#" de `ponte outbox list`).
    pub id: i64,
    /// Mantém o que está no Gestão Click: a alteração é descartada.
    #[arg(long)]
    pub manter_gestao_click: bool,
    /// Grava a alteração sobre a versão nova do Gestão Click, e espera o envio.
    #[arg(long)]
    pub aplicar_de_novo: bool,
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}
