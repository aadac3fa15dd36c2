/**
 * The strings both parsers read in the benchmark: realistic, valid Q-URIs of every
 * operation and target kind, some with upper case and percent-encoding to normalise.
 */
export const BENCH_CORPUS: readonly string[] = [
  'q://rigel/run',
  'q://rigel/run?shots=2048',
  'q://rigel.eu-west/run?shots=4096&min-fidelity=0.99&qubits=20',
  'q://*.eu-west/run?qubits=20',
  'q://*.us-east/run?qubits=64&reroute=deny&priority=5',
  'q://vega.ap-south/run?deadline-ms=30000&shots=100000&min-fidelity=0.995',
  'q://betelgeuse/status',
  'q://sirius.eu-north/jobs/01HZX3K9Q7M2V4B8C6D0E5F1G2',
  'q://deneb/jobs/3f2504e0-4f89-11d3-9a0c-0305e82c3301/cancel',
  'Q://Altair.EU-West/run?shots=512',
  'q://procyon/run?priority=7&reroute=allow&qubits=127',
  'q://capella.us-west/run?min-fidelity=0.9&deadline-ms=5000',
  'q://r%69gel/run?shots=%31%30%32%34',
  'q://*.eu-central/status',
  'q://arcturus/run?shots=1&qubits=1&priority=1',
  'q://spica.sa-east/jobs/job_42',
];
