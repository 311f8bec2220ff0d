// What every ML reader knows and a store may not teach: abbreviations and equivalent names of the field, and the
// kinds of a broad topic ("model compression" covers quantization, pruning and distillation). Abbreviations that
// papers define are learned from the store (see alias-miner.ts); this list covers the ones papers use without
// defining, and topic words no abbreviation pattern can find. It is general vocabulary, not fitted to any corpus:
// each entry says where it comes from.
//
//   terms     equivalent names: a query for any of them also searches the others
//   narrower  kinds of it: a query for the topic also searches these (weighted less than the words typed)

export interface VocabularyEntry {
  terms: readonly string[];
  narrower?: readonly string[];
  source: string;
}

const WIKIPEDIA = 'the name and abbreviation of the Wikipedia article on the subject';

export const FIELD_VOCABULARY: readonly VocabularyEntry[] = [
  // Models and architectures.
  { terms: ['llm', 'large language model'], source: WIKIPEDIA },
  {
    terms: ['vlm', 'vision language model'],
    source: 'common abbreviation (e.g. the survey "Vision-Language Models for Vision Tasks", 2023)',
  },
  {
    terms: ['mllm', 'multimodal large language model'],
    source: 'common abbreviation (the survey "A Survey on Multimodal Large Language Models", 2023)',
  },
  { terms: ['slm', 'small language model'], source: 'common abbreviation' },
  { terms: ['lm', 'language model'], source: WIKIPEDIA },
  { terms: ['dnn', 'deep neural network'], source: WIKIPEDIA },
  { terms: ['cnn', 'convolutional neural network'], source: WIKIPEDIA },
  { terms: ['rnn', 'recurrent neural network'], narrower: ['lstm', 'gru'], source: WIKIPEDIA },
  { terms: ['lstm', 'long short term memory'], source: WIKIPEDIA },
  { terms: ['gnn', 'graph neural network'], source: WIKIPEDIA },
  { terms: ['gan', 'generative adversarial network'], source: WIKIPEDIA },
  { terms: ['vae', 'variational autoencoder'], source: WIKIPEDIA },
  { terms: ['vit', 'vision transformer'], source: WIKIPEDIA },
  { terms: ['ssm', 'state space model'], narrower: ['mamba'], source: 'common abbreviation (Gu et al., S4 and Mamba papers)' },
  { terms: ['moe', 'mixture of experts'], source: WIKIPEDIA },
  { terms: ['ffn', 'feed forward network'], source: 'Transformer terminology (Vaswani et al., 2017)' },
  { terms: ['mlp', 'multilayer perceptron'], source: WIKIPEDIA },
  { terms: ['kv cache', 'key value cache'], source: 'Transformer inference terminology' },
  // Fields.
  { terms: ['ai', 'artificial intelligence'], narrower: ['machine learning', 'llm'], source: WIKIPEDIA },
  { terms: ['ml', 'machine learning'], source: WIKIPEDIA },
  { terms: ['nlp', 'natural language processing'], source: WIKIPEDIA },
  { terms: ['cv', 'computer vision'], source: WIKIPEDIA },
  { terms: ['asr', 'automatic speech recognition', 'speech recognition'], source: WIKIPEDIA },
  { terms: ['tts', 'text to speech', 'speech synthesis'], source: WIKIPEDIA },
  { terms: ['ocr', 'optical character recognition'], source: WIKIPEDIA },
  { terms: ['ir', 'information retrieval'], source: WIKIPEDIA },
  { terms: ['rl', 'reinforcement learning'], source: WIKIPEDIA },
  { terms: ['marl', 'multi agent reinforcement learning'], source: WIKIPEDIA },
  { terms: ['hpc', 'high performance computing'], source: WIKIPEDIA },
  {
    terms: ['operations research'],
    narrower: [
      'optimization modeling',
      'mathematical programming',
      'linear programming',
      'integer programming',
      'combinatorial optimization',
      'scheduling',
    ],
    source:
      'the INFORMS definition of operations research and the Wikipedia article "Operations research" (its methods: mathematical optimization, modelling, scheduling)',
  },
  {
    terms: ['mathematical optimization', 'mathematical programming'],
    narrower: ['linear programming', 'integer programming', 'convex optimization'],
    source: WIKIPEDIA,
  },
  { terms: ['lp', 'linear programming'], source: WIKIPEDIA },
  { terms: ['milp', 'mixed integer linear programming'], source: WIKIPEDIA },
  { terms: ['pde', 'partial differential equation'], source: WIKIPEDIA },
  { terms: ['ode', 'ordinary differential equation'], source: WIKIPEDIA },
  {
    terms: ['automl', 'automated machine learning'],
    narrower: ['neural architecture search', 'hyperparameter optimization'],
    source: WIKIPEDIA,
  },
  { terms: ['nas', 'neural architecture search'], source: WIKIPEDIA },
  { terms: ['hpo', 'hyperparameter optimization'], source: WIKIPEDIA },
  {
    terms: ['metaheuristic', 'nature inspired optimization'],
    narrower: ['genetic algorithm', 'particle swarm optimization', 'evolutionary algorithm', 'swarm intelligence'],
    source: WIKIPEDIA,
  },
  {
    terms: ['evolutionary algorithm', 'evolutionary computation'],
    narrower: ['genetic algorithm', 'evolution strategy'],
    source: WIKIPEDIA,
  },
  { terms: ['pso', 'particle swarm optimization'], source: WIKIPEDIA },
  { terms: ['bayesian optimization'], source: WIKIPEDIA },
  {
    terms: ['multi objective optimization', 'pareto optimization', 'vector optimization'],
    source: 'Wikipedia "Multi-objective optimization" (also known as Pareto or vector optimization)',
  },
  {
    terms: ['derivative free optimization', 'gradient free optimization', 'zeroth order optimization'],
    source:
      'Wikipedia "Derivative-free optimization"; zeroth-order is the ML name (Liu et al., "A Primer on Zeroth-Order Optimization", 2020)',
  },
  { terms: ['zo', 'zeroth order'], source: 'common abbreviation (Liu et al., 2020)' },
  // Training and adaptation.
  { terms: ['sgd', 'stochastic gradient descent'], source: WIKIPEDIA },
  {
    terms: ['optimizer'],
    narrower: ['adam', 'adamw', 'sgd', 'momentum', 'rmsprop', 'adagrad', 'adafactor', 'lion', 'shampoo', 'muon'],
    source: 'the optimizers of PyTorch torch.optim and of Ruder, "An overview of gradient descent optimization algorithms", 2016',
  },
  { terms: ['sft', 'supervised fine tuning'], source: 'InstructGPT (Ouyang et al., 2022) terminology' },
  {
    terms: ['peft', 'parameter efficient fine tuning'],
    narrower: ['lora', 'adapter', 'prefix tuning', 'prompt tuning'],
    source: 'the Hugging Face PEFT library and the survey "Parameter-Efficient Fine-Tuning for Large Models" (Han et al., 2024)',
  },
  { terms: ['lora', 'low rank adaptation'], source: 'Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", 2021' },
  { terms: ['fine tuning', 'finetuning', 'adaptation'], source: 'common usage (Wikipedia "Fine-tuning (deep learning)")' },
  { terms: ['rlhf', 'reinforcement learning from human feedback'], source: WIKIPEDIA },
  { terms: ['dpo', 'direct preference optimization'], source: 'Rafailov et al., 2023' },
  { terms: ['ppo', 'proximal policy optimization'], source: 'Schulman et al., 2017' },
  { terms: ['grpo', 'group relative policy optimization'], source: 'Shao et al., DeepSeekMath, 2024' },
  {
    terms: ['alignment', 'ai alignment'],
    narrower: ['rlhf', 'preference optimization', 'dpo', 'instruction tuning'],
    source: 'Wikipedia "AI alignment"; methods from Ouyang et al. 2022 and Rafailov et al. 2023',
  },
  {
    terms: ['kd', 'knowledge distillation', 'distillation'],
    source: 'Hinton et al., "Distilling the Knowledge in a Neural Network", 2015',
  },
  {
    terms: ['mixed precision', 'low precision', 'reduced precision'],
    narrower: ['fp8', 'fp16', 'bf16', 'int8'],
    source: 'Micikevicius et al., "Mixed Precision Training", 2018',
  },
  { terms: ['fp16', 'half precision'], source: 'IEEE 754 binary16' },
  { terms: ['bf16', 'bfloat16'], source: 'the bfloat16 format (Google Brain)' },
  { terms: ['fp32', 'single precision'], source: 'IEEE 754 binary32' },
  { terms: ['icl', 'in context learning'], source: 'Brown et al., GPT-3, 2020' },
  { terms: ['cot', 'chain of thought'], source: 'Wei et al., 2022' },
  { terms: ['rag', 'retrieval augmented generation'], source: 'Lewis et al., 2020' },
  { terms: ['tta', 'test time adaptation'], source: 'common abbreviation' },
  { terms: ['test time scaling', 'test time compute', 'inference time scaling'], source: 'common usage (Snell et al., 2024)' },
  // Efficiency.
  {
    terms: ['model compression'],
    narrower: ['quantization', 'pruning', 'knowledge distillation', 'low rank factorization', 'sparsity'],
    source: 'the taxonomy of Cheng et al., "A Survey of Model Compression and Acceleration for Deep Neural Networks", 2017',
  },
  { terms: ['ptq', 'post training quantization'], source: 'TensorFlow Lite / PyTorch quantization documentation' },
  { terms: ['qat', 'quantization aware training'], source: 'TensorFlow Lite / PyTorch quantization documentation' },
  {
    terms: ['low bit', 'low precision'],
    narrower: ['4 bit', '8 bit', 'int4', 'int8', 'fp8', 'fp4'],
    source: 'common usage in quantization papers',
  },
  {
    terms: ['inference', 'serving', 'model serving', 'deployment'],
    source: 'common usage: serving a model is running its inference for users (Wikipedia "Inference engine", MLOps terminology)',
  },
  {
    terms: ['cheap', 'cheaper', 'inexpensive', 'low cost', 'cost effective', 'efficient'],
    source: 'English synonyms as used of compute cost',
  },
  { terms: ['huge', 'massive', 'giant', 'very large', 'extremely large'], source: 'English synonyms of size' },
  { terms: ['memory efficient', 'memory saving', 'low memory'], source: 'common usage' },
  { terms: ['offloading', 'offload'], source: 'common usage (ZeRO-Offload, Ren et al., 2021)' },
  { terms: ['single gpu', 'one gpu'], source: 'English' },
  { terms: ['gpu kernel', 'cuda kernel'], narrower: ['triton kernel'], source: 'NVIDIA CUDA programming guide terminology' },
  { terms: ['mfu', 'model flops utilization'], source: 'Chowdhery et al., PaLM, 2022' },
  { terms: ['speculative decoding', 'speculative sampling'], source: 'Leviathan et al. 2023; Chen et al. 2023' },
  {
    terms: ['on device learning', 'tinyml', 'edge learning'],
    source: 'Wikipedia "TinyML"; Lin et al., "On-Device Training Under 256KB Memory", 2022',
  },
  { terms: ['mcu', 'microcontroller'], source: WIKIPEDIA },
  // Hardware and code.
  { terms: ['fpga', 'field programmable gate array'], source: WIKIPEDIA },
  { terms: ['asic', 'application specific integrated circuit'], source: WIKIPEDIA },
  { terms: ['eda', 'electronic design automation'], source: WIKIPEDIA },
  { terms: ['hdl', 'hardware description language'], narrower: ['verilog', 'vhdl', 'systemverilog'], source: WIKIPEDIA },
  { terms: ['rtl', 'register transfer level'], source: WIKIPEDIA },
  { terms: ['hls', 'high level synthesis'], source: WIKIPEDIA },
  {
    terms: ['digital circuit', 'digital design', 'hardware design', 'chip design', 'circuit design'],
    narrower: ['rtl', 'verilog', 'vhdl', 'hardware description language', 'logic synthesis', 'high level synthesis'],
    source:
      'Wikipedia "Digital electronics" and "Hardware description language" (digital circuits are designed at the register-transfer level in an HDL)',
  },
  { terms: ['code generation', 'program synthesis', 'code synthesis'], source: 'Gulwani et al., "Program Synthesis", 2017' },
  { terms: ['compiler optimization', 'code optimization'], source: WIKIPEDIA },
  { terms: ['simd', 'single instruction multiple data'], source: WIKIPEDIA },
  { terms: ['gemm', 'general matrix multiplication', 'matrix multiplication'], source: 'BLAS terminology' },
  { terms: ['ssd', 'solid state drive'], narrower: ['nvme'], source: WIKIPEDIA },
];
