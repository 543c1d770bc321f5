//! The product and service catalogue of the simulated company, a building-supplies store.

use crate::dataset::catalog::{Produto, Servico};
use crate::money::Centavos;
use rand::Rng;

/// Name, unit and price in centavos.
const PRODUTOS: [(&str, &str, i64); 30] = [
    ("Cimento CP-II 50kg", "SC", 3890),
    ("Argamassa AC-I 20kg", "SC", 1590),
    ("Tijolo cerâmico 8 furos (milheiro)", "MIL", 89000),
    ("Areia média", "M3", 14500),
    ("Brita 1", "M3", 16500),
    ("Tinta acrílica fosca 18L branca", "GL", 32990),
    ("Massa corrida 25kg", "BD", 7490),
    ("Cabo flexível 2,5mm 100m", "RL", 28990),
    ("Disjuntor bipolar 40A", "UN", 5890),
    ("Tomada 2P+T 10A", "UN", 1290),
    ("Lâmpada LED 12W", "UN", 1490),
    ("Tubo PVC soldável 25mm 6m", "BR", 2790),
    ("Registro de gaveta 3/4", "UN", 4590),
    ("Caixa d'água 1000L", "UN", 52900),
    ("Furadeira de impacto 650W", "UN", 28990),
    ("Parafusadeira 12V", "UN", 34990),
    ("Trena 5m", "UN", 2490),
    ("Martelo unha 27mm", "UN", 3990),
    ("Chave de fenda 1/4", "UN", 1190),
    ("Porcelanato 60x60", "M2", 6990),
    ("Piso cerâmico 45x45", "M2", 3290),
    ("Rejunte 1kg", "UN", 890),
    ("Vaso sanitário com caixa acoplada", "UN", 48900),
    ("Torneira de cozinha", "UN", 8990),
    ("Chuveiro elétrico 220V", "UN", 11990),
    ("Porta de madeira 80cm", "UN", 38900),
    ("Fechadura externa", "UN", 9990),
    ("Telha fibrocimento 2,44m", "UN", 5490),
    ("Impermeabilizante 18L", "BD", 27990),
    ("Escada de alumínio 6 degraus", "UN", 24990),
];

const SERVICOS: [(&str, i64); 7] = [
    ("Entrega em domicílio", 3500),
    ("Instalação elétrica (hora)", 12000),
    ("Instalação hidráulica (hora)", 11000),
    ("Corte de peças sob medida", 2500),
    ("Montagem de portas", 15000),
    ("Frete e descarga", 8000),
    ("Visita técnica", 9000),
];

pub(crate) fn catalogue(rng: &mut impl Rng) -> (Vec<Produto>, Vec<Servico>) {
    let mut produto_id = rng.random_range(1_200_000..1_300_000);
    let mut variacao_id = rng.random_range(4_100_000..4_200_000);
    let produtos = PRODUTOS
        .iter()
        .map(|(nome, unidade, preco)| {
            produto_id += rng.random_range(1..40);
            variacao_id += rng.random_range(1..40);
            // Margins of 30–60 %: cost is what the store paid.
            let custo = Centavos(preco * rng.random_range(40..70) / 100);
            Produto {
                produto_id,
                variacao_id,
                possui_variacao: rng.random_bool(0.2),
                nome,
                unidade,
                preco: Centavos(*preco),
                custo,
            }
        })
        .collect();
    let mut servico_id = rng.random_range(400..500);
    let servicos = SERVICOS
        .iter()
        .map(|(nome, preco)| {
            servico_id += rng.random_range(1..5);
            Servico {
                servico_id,
                nome,
                preco: Centavos(*preco),
            }
        })
        .collect();
    (produtos, servicos)
}
