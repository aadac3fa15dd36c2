import { blockLogCompliance } from '@qcos/interface-compliance-tests';
import { etcdLogFixture } from './etcd-fixture.js';

blockLogCompliance('etcdBlockLog', () => etcdLogFixture());
