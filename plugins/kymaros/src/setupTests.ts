import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Reports render several tables; give findBy* queries room on a busy CI machine.
configure({ asyncUtilTimeout: 5000 });
