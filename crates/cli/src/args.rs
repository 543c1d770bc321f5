//! The command line grammar (clap derive). Help texts are pt-BR, like the rest of the
//! operator-facing surface.

use clap::{Args, Parser, Subcommand, ValueEnum};
use ponte_webhooks::AuthMode;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ponte",
    // The workspace version, the commit and the build date (build.rs).
    version = env!("PONTE_VERSION_LINE"),
    about = "Ponte: espelha o Gestão Click num SQLite local"
)]
pub struct Cli {
    /// Pasta de dados (banco, logs). Padrão: a pasta de dados do sistema.
    #[arg(long, global = true, env = "PONTE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Também mostra o log no terminal (stderr).
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Cadastra, lista, testa e remove integrações.
    #[command(subcommand)]
    Integration(IntegrationCommand),
    /// Sincronizar Agora: espelha as integrações no banco local.
    Sync(SyncArgs),
    /// Estado de cada integração: última sincronização e totais espelhados.
    Status(OutputArgs),
    /// Liga uma integração a um canal do relay (tempo real).
    #[command(subcommand)]
    Relay(RelayCommand),
    /// Tempo real sem janela: puxa os eventos do relay de cada integração ligada, aplica e
    /// confirma, até Ctrl-C.
    Follow(OutputArgs),
    /// Relatórios sobre os dados espelhados.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Backups verificados do banco local: fazer, listar, verificar e exportar.
    #[command(subcommand)]
    Backup(crate::backup_args::BackupCommand),
    /// Os registros (logs) dos programas da Ponte: as últimas linhas, com filtros por
    /// nível, integração e texto; com --follow, acompanha as novas até Ctrl-C.
    Logs(crate::logs_args::LogsArgs),
    /// Diagnóstico: integridade do banco, duplicados, somas do DRE, chaveiro, relay e
    /// relógio. Termina com código 3 quando há algum problema.
    Doctor(crate::commands::doctor::DoctorArgs),
    /// Exporta um zip para o suporte: logs recentes, diagnóstico, versões e configurações,
    /// sem segredos.
    #[command(subcommand)]
    Diagnostics(crate::commands::diagnostics::DiagnosticsCommand),
    /// Limpa os dados espelhados (clientes, vendas, lançamentos…) e mantém integrações,
    /// agendas, mapeamento do DRE e credenciais. Faz antes um backup verificado; exige --yes.
    Reset(crate::commands::maintenance::ResetArgs),
    /// Restaura um backup verificado (pelo id ou de um arquivo exportado) e puxa de novo do
    /// relay os eventos do tempo real recebidos desde ele. Faz antes um backup do estado
    /// atual (--desfazer volta a ele); exige --yes.
    Restore(crate::commands::restore::RestoreArgs),
    /// Corrigir na origem: baixa, estorna a baixa ou reclassifica lançamentos no Gestão
    /// Click (a integração precisa de "Permitir alterações no Gestão Click").
    #[command(subcommand)]
    Lancamento(crate::writeback_args::LancamentoCommand),
    /// As alterações enviadas ao Gestão Click: listar, tentar de novo, descartar e resolver
    /// conflitos.
    #[command(subcommand)]
    Outbox(crate::writeback_args::OutboxCommand),
    /// Recupera um arquivo de dados danificado: guarda-o de lado (nunca o apaga) e
    /// restaura o backup verificado mais recente ou começa do zero.
    Recuperar(crate::commands::maintenance::RecoverArgs),
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// DRE por mês: linhas, contas, total, AV % e AH %.
    Dre(DreArgs),
    /// Põe uma conta do plano de contas (e as contas abaixo dela) numa linha do DRE.
    Classify(ClassifyArgs),
    /// Fluxo de caixa por dia, semana ou mês: realizado, previsto e o saldo de cada conta.
    FluxoCaixa(CashFlowArgs),
    /// Saldo inicial de uma conta bancária para o fluxo de caixa: o saldo no início do dia
    /// informado. Sem --conta, lista as contas e seus saldos iniciais.
    SaldoInicial(OpeningBalanceArgs),
    /// Contas a receber ou a pagar em aberto, por faixa de dias de atraso.
    Aging(AgingArgs),
    /// Vendas por período, produto, vendedor ou canal: receita, custo, margem e ticket médio.
    Vendas(SalesArgs),
    /// Conferência do período: as identidades do DRE e do fluxo de caixa, e os lançamentos
    /// que pedem atenção. Termina com código 3 quando alguma verificação não confere.
    Conferencia(ConferenciaArgs),
}

#[derive(Debug, Args)]
pub struct ConferenciaArgs {
    #[command(flatten)]
    pub months: MonthsArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// O mesmo que --format json.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(Debug, Args)]
pub struct DreArgs {
    #[command(flatten)]
    pub months: MonthsArgs,
    /// competencia (data de competência) ou caixa (data de liquidação).
    #[arg(long, default_value = "competencia")]
    pub basis: String,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Com que período o AH % compara.
    #[arg(long, value_enum, default_value_t = CompareWith::PreviousPeriod)]
    pub compare: CompareWith,
    /// Conta também as transferências entre contas e os ajustes de caixa.
    #[arg(long = "incluir-movimentacoes")]
    pub include_money_moves: bool,
    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(Debug, Args)]
pub struct CashFlowArgs {
    #[command(flatten)]
    pub months: MonthsArgs,
    /// O tamanho de cada coluna; as semanas vão de segunda a domingo.
    #[arg(long, value_enum, default_value_t = GranularityArg::Mensal)]
    pub granularity: GranularityArg,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(Debug, Args)]
pub struct OpeningBalanceArgs {
    /// A integração (nome); pode faltar quando há só uma.
    #[arg(long)]
    pub integration: Option<String>,
    /// O id da conta bancária (a lista, sem --conta, mostra os ids).
    #[arg(long)]
    pub conta: Option<String>,
    /// O dia (AAAA-MM-DD ou DD/MM/AAAA): o saldo é o do início desse dia, antes dos
    /// lançamentos dele.
    #[arg(long, requires = "conta")]
    pub data: Option<String>,
    /// O saldo em reais, como 1.234,56 (negativo: -1.234,56).
    #[arg(long, allow_hyphen_values = true, requires = "conta")]
    pub valor: Option<String>,
    /// Apaga o saldo inicial da conta: o saldo volta a ser calculado desde o primeiro
    /// lançamento espelhado.
    #[arg(long, requires = "conta", conflicts_with_all = ["data", "valor"])]
    pub limpar: bool,
}

#[derive(Debug, Args)]
pub struct AgingArgs {
    /// Contas a receber (clientes) ou a pagar (fornecedores).
    #[arg(long, value_enum, default_value_t = SideArg::Receber)]
    pub lado: SideArg,
    /// Posição nesta data (AAAA-MM-DD): títulos emitidos e não liquidados até ela, mesmo que
    /// liquidados depois, com os dias de atraso contados até ela. Padrão: hoje.
    #[arg(long)]
    pub data: Option<String>,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(Debug, Args)]
pub struct SalesArgs {
    #[command(flatten)]
    pub months: MonthsArgs,
    /// Uma linha por período, produto (ou serviço), vendedor ou canal de venda.
    #[arg(long, value_enum, default_value_t = SalesBy::Periodo)]
    pub por: SalesBy,
    /// Com --por periodo: o tamanho de cada período.
    #[arg(long, value_enum, default_value_t = GranularityArg::Mensal)]
    pub granularity: GranularityArg,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub export: ExportArgs,
}

/// The months a report covers.
#[derive(Debug, Args)]
pub struct MonthsArgs {
    /// Primeiro mês (AAAA-MM).
    #[arg(long)]
    pub from: String,
    /// Último mês (AAAA-MM); até 24 meses.
    #[arg(long)]
    pub to: String,
}

/// Which records a report reads.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Só esta integração (nome).
    #[arg(long)]
    pub integration: Option<String>,
    /// Só esta loja (nome ou id).
    #[arg(long)]
    pub loja: Option<String>,
    /// Só este centro de custo (nome ou id).
    #[arg(long = "centro-custo")]
    pub centro_custo: Option<String>,
}

/// How and where a report is written.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// CSV simples (vírgula e ponto decimal) em vez do brasileiro (ponto e vírgula, vírgula
    /// decimal, BOM para o Excel).
    #[arg(long)]
    pub plain_csv: bool,
    /// Grava neste arquivo em vez de mostrar na tela.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GranularityArg {
    Diaria,
    Semanal,
    Mensal,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SideArg {
    Receber,
    Pagar,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SalesBy {
    Periodo,
    Produto,
    Vendedor,
    Canal,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CompareWith {
    /// Os mesmos tantos meses logo antes.
    PreviousPeriod,
    /// Os mesmos meses do ano anterior.
    PreviousYear,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Table,
    /// Centavos como inteiros.
    Json,
    Csv,
    /// Planilha do Excel; pede --out.
    Xlsx,
    /// A4, com cabeçalho e páginas numeradas; pede --out.
    Pdf,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// A integração (nome).
    pub integration: String,
    /// O id da conta no plano de contas, ou uma parte das liquidações (:juros_recebidos,
    /// :juros_pagos, :descontos_concedidos, :descontos_obtidos, :tarifas_bancarias,
    /// :taxas_operadora, :outros_ajustes).
    pub plano: String,
    /// receita_bruta, deducoes, cmv, despesas_comerciais, despesas_administrativas,
    /// despesas_com_pessoal, despesas_gerais, outras_operacionais, depreciacao,
    /// receitas_financeiras, despesas_financeiras, irpj_csll, transferencia, excluida,
    /// nao_classificado; ou padrao, para voltar ao padrão.
    pub line: String,
}

#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// Liga a integração a um canal do relay. Lê do terminal (ou de stdin, um por linha) o
    /// token de leitura do canal e o segredo de ingestão, que vão para o chaveiro.
    Connect(ConnectArgs),
    /// Liga o tempo real de uma integração com um clique: abre um canal para ela na conta
    /// do relay (`ponte relay account set`), guarda os segredos no chaveiro e mostra a URL
    /// e o cabeçalho ou segredo a colar no painel do provedor.
    Open(NameArg),
    /// Manda um evento de teste assinado pelo relay e espera ele voltar aplicado: mostra o
    /// tempo de ida e volta.
    Verify(NameArg),
    /// A conta do relay com que a Ponte abre os canais das integrações que só recebem
    /// webhooks (Coinzz).
    #[command(subcommand)]
    Account(RelayAccountCommand),
    /// Cria a chave de recuperação dos eventos selados e grava a parte secreta em ARQUIVO
    /// (novo, legível só pelo dono). Os canais abertos daqui em diante selam também para
    /// ela: se a chave do chaveiro se perder, o arquivo abre os eventos.
    #[command(name = "chave-recuperacao")]
    RecoveryKey(RecoveryKeyArgs),
    /// Lê a chave de recuperação de ARQUIVO (o que `chave-recuperacao` gravou) e passa a
    /// abrir com ela os eventos selados, depois de perder a chave do chaveiro; então use
    /// "Reprocessar" nos eventos em quarentena.
    #[command(name = "usar-chave-recuperacao")]
    UseRecoveryKey(UseRecoveryKeyArgs),
}

#[derive(Debug, Args)]
pub struct UseRecoveryKeyArgs {
    /// O arquivo gravado por `ponte relay chave-recuperacao`.
    pub file: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct RecoveryKeyArgs {
    /// Onde gravar a chave; guarde o arquivo fora deste computador.
    pub file: std::path::PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum RelayAccountCommand {
    /// Salva o endereço do relay e o token da conta. O token é lido do terminal (ou de
    /// stdin, numa linha) e vai para o chaveiro; em branco, mantém o já salvo.
    Set(RelayAccountArgs),
    /// Mostra o endereço salvo e se há um token no chaveiro (nunca o token).
    Show(OutputArgs),
}

#[derive(Debug, Args)]
pub struct RelayAccountArgs {
    /// Endereço do relay (https://relay.exemplo.com.br).
    #[arg(long)]
    pub url: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// O nome da integração.
    pub name: String,
    /// Endereço do relay (https://relay.exemplo.com.br).
    #[arg(long)]
    pub relay: String,
    /// O id do canal, como `ponte-relay channel create` o mostrou.
    #[arg(long)]
    pub channel: String,
    /// Como o provedor assina os webhooks do canal: bearer, hmac, standard ou url-token.
    #[arg(long, value_enum)]
    pub auth: AuthMode,
}

#[derive(Debug, Subcommand)]
pub enum IntegrationCommand {
    /// Cadastra uma integração. Gestão Click: os tokens são lidos do terminal (ou de stdin,
    /// um por linha) e guardados no chaveiro do sistema. Coinzz: abre um canal na conta do
    /// relay (`ponte relay account set`) e mostra a URL a colar no painel da Coinzz.
    Add(AddArgs),
    /// Lista as integrações cadastradas.
    List(OutputArgs),
    /// Testa a conexão com os tokens guardados.
    Test(NameArg),
    /// Substitui os tokens guardados de uma integração.
    Credentials(NameArg),
    /// Remove a integração, seus dados espelhados e seus tokens.
    Remove(NameArg),
    /// Liga "Permitir alterações no Gestão Click" (`ponte lancamento` passa a gravar no
    /// Gestão Click); com --desligar, volta a só ler.
    PermitirAlteracoes(AllowWritesArgs),
}

#[derive(Debug, Args)]
pub struct AllowWritesArgs {
    /// O nome da integração.
    pub name: String,
    /// Desliga: a Ponte volta a só ler desta integração.
    #[arg(long)]
    pub desligar: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderArg {
    Gestaoclick,
    Coinzz,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub provider: ProviderArg,
    /// Um nome para reconhecer a conta ("Loja Centro").
    #[arg(long)]
    pub name: String,
    /// Só Gestão Click: endereço da API (padrão: o do Gestão Click).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Só Gestão Click: não lê nem guarda tokens; cada execução usa
    /// PONTE_GESTAOCLICK_ACCESS_TOKEN e PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN.
    #[arg(long)]
    pub no_store_credentials: bool,
    /// Só Gestão Click: "Permitir alterações no Gestão Click": deixa baixar, estornar e
    /// reclassificar lançamentos pela Ponte (`ponte lancamento`). Sem ela, a Ponte só lê.
    #[arg(long)]
    pub permitir_alteracoes: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct NameArg {
    /// O nome da integração.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Só esta integração (padrão: todas as ativas).
    #[arg(long)]
    pub integration: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Saída em JSON, para scripts.
    #[arg(long)]
    pub json: bool,
}
