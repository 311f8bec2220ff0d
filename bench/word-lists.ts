// Fixed word lists for the synthetic corpus. Real ML vocabulary sits at the head of the Zipf ranking (roughly in
// the order such words are frequent in arXiv ML abstracts); pseudo-words (see vocabulary.ts) fill the long tail.

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

/** ~300 real ML words, most frequent first. Rank 1 ("model") must end up in well over half of all abstracts. */
export const ML_WORDS = words(`
  model models learning language data training performance large method approach results tasks task propose
  based show neural generation framework existing network benchmark image information methods trained reasoning
  text problem quality evaluation novel dataset efficient state-of-the-art features different multiple new
  approaches LLMs deep time high work demonstrate video generate accuracy systems knowledge improve significantly
  understanding vision address human training-free experiments extensive achieves outperforms representation
  agents diffusion fine-tuning visual inference improves prior complex input domain tokens reinforcement
  multimodal challenging architecture capabilities evaluate analysis robust design token effective superior
  transformer attention computational process datasets learned level scale scaling pre-trained policy
  optimization context open-source objective downstream space structure alignment generalization semantic
  baseline baselines samples features feature global local query retrieval prompt prompts memory adaptation
  supervised unsupervised self-supervised zero-shot few-shot labels label loss function functions parameters
  layers layer encoder decoder embedding embeddings representations latent generative discriminative agent
  environment reward rewards planning control robot robotic manipulation navigation 3D scene scenes object
  objects detection segmentation classification recognition tracking depth point cloud clouds rendering
  editing synthesis audio speech music translation summarization dialogue conversational question answering
  questions answers code programming mathematical math proof theorem logic symbolic graph graphs nodes edges
  molecular protein biological medical clinical healthcare images pixels resolution super-resolution
  compression quantization pruning distillation sparse dense efficiency latency throughput hardware GPU
  memory-efficient parallel distributed federated privacy security attacks adversarial robustness safety jailbreak
  harmful bias fairness interpretability explainability mechanistic circuits neurons activation activations
  probing steering hallucination hallucinations factuality truthfulness calibration uncertainty confidence
  estimation sampling decoding autoregressive non-autoregressive masked contrastive pretraining pre-training
  post-training instruction instructions following tuning preference preferences feedback human-annotated
  synthetic curriculum self-improvement bootstrapping verification verifier verifiers critique judge judges
  evaluation-free leaderboard arena benchmarks suite metrics metric correlation human-level expert experts
  mixture routing gating specialized generalist foundation backbone ViT CNN RNN LSTM MLP GAN VAE NeRF
  Gaussian splatting radiance fields implicit explicit mesh geometry pose motion animation avatar avatars
  humanoid embodied simulation simulator sim-to-real world dynamics physics forecasting time-series temporal
  spatial spatio-temporal long-context long-horizon short retrieval-augmented tool tools API web browsing
  search engine recommendation ranking user users personalization interactive multi-agent collaboration
  communication negotiation game games strategic social cultural multilingual low-resource cross-lingual
  English Chinese tokenizer vocabulary byte character OCR document documents table tables chart charts
  scientific discovery chemistry materials climate weather satellite remote sensing driving autonomous
  trajectory trajectories lidar radar sensor sensors edge mobile on-device deployment serving inference-time
  test-time compute budget cost cheap scalable transfer meta-learning continual lifelong forgetting catastrophic
  domain-specific out-of-distribution shift invariance equivariant symmetry kernel Bayesian probabilistic
  variational stochastic gradient convergence theoretical theory bounds guarantees regret bandit bandits
  offline online exploration imitation demonstrations behavior cloning Transformers transformers transform
  transformation transformations transforming LLM GPT BERT CLIP RLHF DPO LoRA MoE RAG SOTA
`);

/** Function words with their own Zipf ranking; they make up ~40% of running text, as in real abstracts. */
export const FUNCTION_WORDS = words(`
  the of and a to in we is for that on with this as by are an our from be which can these it or at such
  both while than their has have not into more its across using through over between however also without
  each when only where how whether other most two three first second further then thus than under within
  via among toward towards even well many much they them there here all any some very often still
`);

/**
 * Phrases planted in abstracts and titles, most popular first, so phrase queries have real hits and their
 * words also occur apart (which is what makes phrase matching worth testing).
 */
export const PHRASES = [
  'large language models',
  'chain of thought',
  'reinforcement learning from human feedback',
  'diffusion models',
  'mixture of experts',
  'retrieval augmented generation',
  'vision language model',
  'direct preference optimization',
  'in-context learning',
  'state space models',
  'low-rank adaptation',
  'knowledge distillation',
  'graph neural networks',
  'neural radiance fields',
  'contrastive learning',
  'instruction tuning',
  'speculative decoding',
  'sparse autoencoders',
  'test-time compute',
  'model merging',
  'reward model',
  'flow matching',
  'world model',
  'next token prediction',
  'key value cache',
  'multi-head attention',
  'process reward model',
  'group relative policy optimization',
  'vision transformer',
  'text-to-image generation',
];

export const FIRST_NAMES = words(`
  Wei Jing Yu Hao Xin Li Ming Jun Yang Lei Yan Hui Tao Bo Fei Lin Kai Chen Jie Qi Rui Xiao Zhi Yi Jia Han
  Alex David Maria Anna Sarah Michael John James Robert Daniel Thomas Laura Emma Sophie Julia Elena Marco
  Luca Giulia Pierre Camille Hugo Louis Jean Nicolas Antoine Mathieu Lucas Mateo Sofia Diego Carlos Pablo
  Ana Juan Miguel Priya Rahul Arjun Ananya Vikram Aditya Sneha Rohan Kavya Amit Neha Deepak Mohammed Ahmed
  Fatima Omar Ali Hassan Layla Youssef Olga Ivan Dmitry Sergey Anastasia Nikita Kenji Yuki Haruto Sakura
  Takeshi Hiroshi Minji Seojun Jiwoo Hyunwoo Jisoo Taeyang Noah Liam Oliver Ethan Mason Ava Mia Chloe Zoe
  Lena Jonas Felix Lukas Hannah Leon Finn Emil Ingrid Astrid Lars Erik Nils Sven Freya Kofi Ama Chidi
  Ngozi Tunde Amara Zainab Tomasz Piotr Katarzyna Agnieszka Jakub Eitan Noa Yael Tamar Ori Thanh Linh Minh
  Huy Anh Siddharth Shreya Tanvir Farhan Nadia Leila Reza Sara Dario Elif Mehmet Ayse Emre Zeynep
`);

export const LAST_NAMES = words(`
  Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie Tang
  Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao
  Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Singh Kumar Sharma Patel Gupta Reddy Rao Iyer Nair Das
  Banerjee Mukherjee Agarwal Mehta Joshi Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez
  Martinez Hernandez Lopez Gonzalez Wilson Anderson Taylor Thomas Moore Martin Jackson White Harris Clark
  Lewis Robinson Walker Young Allen Wright Scott Green Baker Adams Nelson Hill Müller Schmidt Schneider
  Fischer Weber Meyer Wagner Becker Schulz Hoffmann Nguyen Tran Pham Hoang Tanaka Suzuki Sato Takahashi
  Watanabe Ito Yamamoto Nakamura Kobayashi Ivanov Petrov Smirnov Volkov Kuznetsov Rossi Russo Ferrari
  Esposito Bianchi Romano Silva Santos Oliveira Souza Pereira Costa Dubois Lefebvre Moreau Laurent Bernard
  Cohen Levi Friedman Okafor Adeyemi Mensah Haddad Khalil Rahman Hossain Ahmed Khan Yilmaz Kaya Demir
  Kowalski Nowak Wiśniewski Jensen Nielsen Hansen Andersson Johansson Larsen Novák Horváth Papadopoulos
`);

/** Hugging Face organisation accounts as they appear on Daily Papers: account name and display name. */
export const ORGANIZATIONS: { name: string; fullname: string }[] = [
  ['deepmind', 'Google DeepMind'],
  ['google', 'Google'],
  ['facebook', 'AI at Meta'],
  ['microsoft', 'Microsoft'],
  ['nvidia', 'NVIDIA'],
  ['Qwen', 'Qwen'],
  ['deepseek-ai', 'DeepSeek'],
  ['allenai', 'Ai2'],
  ['openai', 'OpenAI'],
  ['apple', 'Apple'],
  ['amazon', 'Amazon'],
  ['ibm-research', 'IBM Research'],
  ['salesforce', 'Salesforce'],
  ['tencent', 'Tencent'],
  ['alibaba-damo', 'Alibaba DAMO Academy'],
  ['baidu', 'Baidu'],
  ['bytedance', 'ByteDance'],
  ['ByteDance-Seed', 'ByteDance Seed'],
  ['moonshotai', 'Moonshot AI'],
  ['THUDM', 'Tsinghua KEG'],
  ['zai-org', 'Z.ai'],
  ['OpenGVLab', 'OpenGVLab'],
  ['shanghai-ai-lab', 'Shanghai AI Laboratory'],
  ['stanford', 'Stanford University'],
  ['mit', 'MIT'],
  ['cmu', 'Carnegie Mellon University'],
  ['berkeley', 'UC Berkeley'],
  ['princeton-nlp', 'Princeton NLP'],
  ['uw', 'University of Washington'],
  ['ethz', 'ETH Zurich'],
  ['epfl', 'EPFL'],
  ['oxford', 'University of Oxford'],
  ['cambridge', 'University of Cambridge'],
  ['mila', 'Mila'],
  ['vector-institute', 'Vector Institute'],
  ['kaist', 'KAIST'],
  ['snu', 'Seoul National University'],
  ['naver-ai', 'NAVER AI Lab'],
  ['lg-ai', 'LG AI Research'],
  ['sony', 'Sony AI'],
  ['sakana-ai', 'Sakana AI'],
  ['huggingface', 'Hugging Face'],
  ['mistralai', 'Mistral AI'],
  ['cohere', 'Cohere'],
  ['anthropic', 'Anthropic'],
  ['stabilityai', 'Stability AI'],
  ['runwayml', 'Runway'],
  ['adobe', 'Adobe'],
  ['samsung', 'Samsung Research'],
  ['kuaishou', 'Kuaishou Technology'],
  ['xiaomi', 'Xiaomi'],
  ['meituan', 'Meituan'],
].map(([name, fullname]) => ({ name: name ?? '', fullname: fullname ?? '' }));

/** arXiv categories: each topic gets a primary one, cross-lists come from the whole list. */
export const CATEGORIES = words(`
  cs.CL cs.CV cs.LG cs.AI stat.ML cs.RO cs.IR cs.SD eess.AS eess.IV cs.CR cs.HC cs.NE cs.MA math.OC q-bio.QM
  cs.SE cs.DC cs.GR cs.MM
`);
